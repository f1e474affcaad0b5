// OpenLLMetry (@traceloop/node-server-sdk): initialize() with baseUrl/apiKey (it sends
// `Authorization: Bearer <apiKey>` to `<baseUrl>/v1/traces`), the openai module instrumented
// through instrumentModules, association properties for session/user, a workflow for the turn
// (with conversationId) and withTool for the tool.
//
// The SDK's own exporter is OTLP/HTTP protobuf only. With OTLP_PROTOCOL=json the script hands
// initialize() an OTLP/HTTP JSON exporter through its documented `exporter` option instead.
import OpenAI from 'openai';
import * as traceloop from '@traceloop/node-server-sdk';
import { readEnv, ExportTracker, traceExporter, authHeaders, report } from './harness.mjs';
import {
  startFakeProvider, getWeather, REQUEST_MODEL, SYSTEM_PROMPT, USER_PROMPT, WEATHER_TOOL,
} from './fake-provider.mjs';

const env = readEnv();
const tracker = new ExportTracker();

traceloop.initialize({
  appName: 'weather-bot',
  baseUrl: env.otlp,
  apiKey: env.key,
  ...(env.key ? {} : { headers: authHeaders(env) }),
  disableBatch: true,
  traceloopSyncEnabled: false,
  silenceInitializationMessage: true,
  instrumentModules: { openAI: OpenAI },
  ...(env.protocol === 'json' ? { exporter: traceExporter(env, tracker) } : {}),
});

if (env.protocol !== 'json') {
  tracker.notes.push('traces go through the SDK built-in OTLP/protobuf exporter: not counted here, failures seen through diag only');
}

const provider = await startFakeProvider();
const client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 0 });

async function turn(question) {
  const messages = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: question },
  ];
  const first = await client.chat.completions.create({ model: REQUEST_MODEL, messages, tools: [WEATHER_TOOL] });
  const assistant = first.choices[0].message;
  const call = assistant.tool_calls[0];
  const result = await traceloop.withTool({ name: call.function.name }, async (args) => getWeather(args), JSON.parse(call.function.arguments));
  messages.push(assistant, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
  const stream = await client.chat.completions.create({
    model: REQUEST_MODEL,
    messages,
    tools: [WEATHER_TOOL],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return { toolCallId: call.id, text };
}

let out = {};
let error;
try {
  out = await traceloop.withAssociationProperties(
    { [traceloop.AssociationProperty.SESSION_ID]: env.conversationId, [traceloop.AssociationProperty.USER_ID]: env.userId, plan: 'pro' },
    () => traceloop.withWorkflow({ name: 'weather-bot', conversationId: env.conversationId }, turn, USER_PROMPT),
  );
} catch (e) {
  error = e;
}

// The SDK exposes forceFlush() only (its NodeSDK is not exported); with disableBatch every span
// is exported as it ends, so a flush is all that is left to wait for.
await new Promise((r) => setTimeout(r, 50));
await tracker.settle('traceloop.forceFlush', () => traceloop.forceFlush());
await provider.close();

report('openllmetry', { env, provider, tracker, error, toolCallId: out.toolCallId, finalText: out.text });
