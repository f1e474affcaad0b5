// Vercel AI SDK (`ai` + `@ai-sdk/openai`) with its built-in OpenTelemetry spans
// (experimental_telemetry) on a globally registered NodeTracerProvider. streamText runs both
// steps (tool call, then the streamed final answer); the tool is executed by the SDK.
import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { readEnv, ExportTracker, traceExporter, report } from './harness.mjs';
import {
  startFakeProvider, getWeather, REQUEST_MODEL, SYSTEM_PROMPT, USER_PROMPT, WEATHER_TOOL, TOOL_NAME,
} from './fake-provider.mjs';

const env = readEnv();
const tracker = new ExportTracker();

const tracerProvider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'weather-bot' }),
  spanProcessors: [new BatchSpanProcessor(traceExporter(env, tracker))],
});
tracerProvider.register();

const provider = await startFakeProvider();
const openai = createOpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake' });

let toolCallId;
let text = '';
let usage;
let error;
try {
  const result = streamText({
    model: openai.chat(REQUEST_MODEL), // Chat Completions API, not Responses
    system: SYSTEM_PROMPT,
    prompt: USER_PROMPT,
    tools: {
      [TOOL_NAME]: tool({
        description: WEATHER_TOOL.function.description,
        inputSchema: z.object({ city: z.string().describe('City name') }),
        execute: async (args) => getWeather(args),
      }),
    },
    stopWhen: stepCountIs(2),
    maxRetries: 0,
    experimental_telemetry: {
      isEnabled: true,
      functionId: 'weather-bot',
      metadata: { conversationId: env.conversationId, userId: env.userId, plan: 'pro', seats: 12 },
    },
    onError: ({ error: e }) => {
      error = e;
    },
  });
  for await (const delta of result.textStream) text += delta;
  const steps = await result.steps;
  toolCallId = steps.flatMap((s) => s.toolCalls).find((c) => c.toolName === TOOL_NAME)?.toolCallId;
  usage = await result.totalUsage;
} catch (e) {
  error = e;
}

await tracker.settle('tracerProvider.forceFlush', () => tracerProvider.forceFlush());
await tracker.settle('tracerProvider.shutdown', () => tracerProvider.shutdown());
await provider.close();

report('vercel-ai', { env, provider, tracker, error, toolCallId: toolCallId, finalText: text, sdkTotalUsage: usage });
