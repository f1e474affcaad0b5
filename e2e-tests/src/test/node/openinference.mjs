// Arize OpenInference (@arizeai/openinference-instrumentation-openai), with session and user
// set through @arizeai/openinference-core context helpers, an AGENT span around the turn
// (traceAgent) and a TOOL span for the tool (traceTool).
import { context, SpanKind } from '@opentelemetry/api';
import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import * as openaiModule from 'openai';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import {
  setSession, setUser, setTags, setMetadata, traceAgent, traceTool, getToolAttributes,
} from '@arizeai/openinference-core';
import { SemanticConventions } from '@arizeai/openinference-semantic-conventions';
import { readEnv, ExportTracker, traceExporter, report } from './harness.mjs';
import {
  startFakeProvider, getWeather, REQUEST_MODEL, SYSTEM_PROMPT, USER_PROMPT, WEATHER_TOOL, TOOL_NAME,
} from './fake-provider.mjs';

const env = readEnv();
const tracker = new ExportTracker();

const tracerProvider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'weather-bot', 'openinference.project.name': 'weather-bot' }),
  spanProcessors: [new BatchSpanProcessor(traceExporter(env, tracker))],
});
tracerProvider.register();

// ESM: the require hook cannot see `import 'openai'`, so instrument the module by hand (as the README says).
const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(tracerProvider);
instrumentation.manuallyInstrument(openaiModule);
const { OpenAI } = openaiModule;

const provider = await startFakeProvider();
const client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 0 });

const weatherTool = traceTool(async (call) => getWeather(JSON.parse(call.function.arguments)), {
  name: TOOL_NAME,
  attributes: {
    ...getToolAttributes({
      name: WEATHER_TOOL.function.name,
      description: WEATHER_TOOL.function.description,
      parameters: WEATHER_TOOL.function.parameters,
    }),
  },
  // The tool call id goes on the span as tool.id; input.value is the raw arguments JSON.
  processInput: (call) => ({
    [SemanticConventions.TOOL_ID]: call.id,
    [SemanticConventions.INPUT_VALUE]: call.function.arguments,
    [SemanticConventions.INPUT_MIME_TYPE]: 'application/json',
  }),
  processOutput: (result) => ({
    [SemanticConventions.OUTPUT_VALUE]: JSON.stringify(result),
    [SemanticConventions.OUTPUT_MIME_TYPE]: 'application/json',
  }),
});

const agentTurn = traceAgent(
  async (question) => {
    const messages = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: question },
    ];
    const first = await client.chat.completions.create({ model: REQUEST_MODEL, messages, tools: [WEATHER_TOOL] });
    const assistant = first.choices[0].message;
    const call = assistant.tool_calls[0];
    const result = await weatherTool(call);
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
  },
  { name: 'weather-bot', openTelemetrySpanKind: SpanKind.INTERNAL },
);

let out = {};
let error;
try {
  const ctx = setMetadata(
    setTags(setSession(setUser(context.active(), { userId: env.userId }), { sessionId: env.conversationId }), ['weather', 'e2e']),
    { plan: 'pro', seats: 12 },
  );
  out = await context.with(ctx, () => agentTurn(USER_PROMPT));
} catch (e) {
  error = e;
}

// The instrumentation ends the streamed LLM span when its tee'd copy of the stream is drained; give it a tick.
await new Promise((r) => setTimeout(r, 50));
await tracker.settle('tracerProvider.forceFlush', () => tracerProvider.forceFlush());
await tracker.settle('tracerProvider.shutdown', () => tracerProvider.shutdown());
await provider.close();

report('openinference', { env, provider, tracker, error, toolCallId: out.toolCallId, finalText: out.text });
