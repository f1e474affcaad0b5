// In-process imitation of the OpenAI Chat Completions API, used by every setup script.
//
// POST /v1/chat/completions
//   - no `tool` role message in the input -> one tool call get_weather {"city":"Lyon"}
//     (id call_weather_1, finish_reason tool_calls)
//   - a `tool` role message in the input  -> "It is 18°C and sunny in Lyon." (finish_reason stop)
// Both non-streamed and streamed (SSE) answers are supported; a streamed answer carries the
// usage in a final chunk only when stream_options.include_usage is true, as OpenAI does.
import http from 'node:http';
import crypto from 'node:crypto';

export const REQUEST_MODEL = 'gpt-4o';
export const RESPONSE_MODEL = 'gpt-4o-2024-08-06';
export const TOOL_CALL_ID = 'call_weather_1';
export const TOOL_NAME = 'get_weather';
export const TOOL_ARGUMENTS = '{"city":"Lyon"}';
export const FINAL_TEXT = 'It is 18°C and sunny in Lyon.';
export const SYSTEM_PROMPT = 'You are a weather assistant.';
export const USER_PROMPT = "What's the weather in Lyon?";
export const TOOL_RESULT = { tempC: 18, sky: 'sunny' };

/** The tool as declared to the model (OpenAI function-tool format). */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: TOOL_NAME,
    description: 'Get the current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

/** The application's tool implementation. */
export function getWeather({ city }) {
  if (city !== 'Lyon') throw new Error(`unexpected city ${city}`);
  return { ...TOOL_RESULT };
}

const USAGE_FIRST = {
  prompt_tokens: 1200,
  completion_tokens: 40,
  total_tokens: 1240,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};
const USAGE_SECOND = {
  prompt_tokens: 1300,
  completion_tokens: 25,
  total_tokens: 1325,
  prompt_tokens_details: { cached_tokens: 1152, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the fake provider on 127.0.0.1, port 0.
 * @returns {Promise<{url: string, baseURL: string, calls: object[], responseIds: string[], close: () => Promise<void>}>}
 *   url is the server root, baseURL is url + '/v1' (what OpenAI clients take), calls records every answered request.
 */
export async function startFakeProvider() {
  const suffix = crypto.randomBytes(4).toString('hex');
  const calls = [];
  let seq = 0;

  const server = http.createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      if (req.method !== 'POST' || !req.url.startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake provider: no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
        return;
      }
      const body = JSON.parse(raw);
      const messages = Array.isArray(body.messages) ? body.messages : [];
      const hasToolResult = messages.some((m) => m.role === 'tool');
      seq += 1;
      const id = `chatcmpl-fake-${seq}-${suffix}`;
      const created = Math.floor(Date.now() / 1000);
      const usage = hasToolResult ? USAGE_SECOND : USAGE_FIRST;
      const stream = body.stream === true;
      const includeUsage = stream ? body.stream_options?.include_usage === true : true;
      calls.push({
        id,
        kind: hasToolResult ? 'final-answer' : 'tool-call',
        stream,
        includeUsage,
        requestModel: body.model,
        inputTokens: usage.prompt_tokens,
        outputTokens: usage.completion_tokens,
        cachedTokens: usage.prompt_tokens_details.cached_tokens,
      });

      const message = hasToolResult
        ? { role: 'assistant', content: FINAL_TEXT, refusal: null, annotations: [] }
        : {
            role: 'assistant',
            content: null,
            refusal: null,
            annotations: [],
            tool_calls: [
              { id: TOOL_CALL_ID, type: 'function', function: { name: TOOL_NAME, arguments: TOOL_ARGUMENTS } },
            ],
          };
      const finishReason = hasToolResult ? 'stop' : 'tool_calls';

      if (!stream) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${id}` });
        res.end(
          JSON.stringify({
            id,
            object: 'chat.completion',
            created,
            model: RESPONSE_MODEL,
            choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
            usage,
            service_tier: 'default',
            system_fingerprint: 'fp_fake',
          }),
        );
        return;
      }

      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': `req_${id}`,
      });
      const base = { id, object: 'chat.completion.chunk', created, model: RESPONSE_MODEL, service_tier: 'default', system_fingerprint: 'fp_fake' };
      const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
      const chunk = (delta, finish = null) => ({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      });
      if (hasToolResult) {
        send(chunk({ role: 'assistant', content: '', refusal: null }));
        for (const part of ['It is ', '18°C', ' and sunny', ' in Lyon.']) send(chunk({ content: part }));
      } else {
        send(
          chunk({
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [{ index: 0, id: TOOL_CALL_ID, type: 'function', function: { name: TOOL_NAME, arguments: '' } }],
          }),
        );
        for (const part of ['{"city"', ':"Lyon"}']) send(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
      }
      send(chunk({}, finishReason));
      if (includeUsage) send({ ...base, choices: [], usage });
      res.write('data: [DONE]\n\n');
      res.end();
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err?.message ?? err), type: 'server_error' } }));
    }
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    calls,
    get responseIds() {
      return calls.map((c) => c.id);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
