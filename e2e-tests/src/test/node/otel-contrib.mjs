// OpenTelemetry contrib instrumentation (@opentelemetry/instrumentation-openai) on a
// NodeTracerProvider + LoggerProvider; message content goes out as OTLP log records.
// The application adds its own `invoke_agent` parent span and `execute_tool` span.
process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';

import { createRequire } from 'node:module';
import { trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { readEnv, ExportTracker, traceExporter, logExporter, report } from './harness.mjs';
import {
  startFakeProvider, getWeather, REQUEST_MODEL, SYSTEM_PROMPT, USER_PROMPT, WEATHER_TOOL,
} from './fake-provider.mjs';

const env = readEnv();
const tracker = new ExportTracker();
const resource = resourceFromAttributes({ 'service.name': 'weather-bot' });

const tracerProvider = new NodeTracerProvider({
  resource,
  // SPAN_PROCESSOR=simple exports each span as it ends: the chat spans go out before the agent span that names
  // their conversation, as they do in a batch whenever a turn outlasts the batch delay.
  spanProcessors: [process.env.SPAN_PROCESSOR === 'simple'
    ? new SimpleSpanProcessor(traceExporter(env, tracker))
    : new BatchSpanProcessor(traceExporter(env, tracker))],
});
tracerProvider.register();
const loggerProvider = new LoggerProvider({
  resource,
  processors: [new BatchLogRecordProcessor({ exporter: logExporter(env, tracker) })],
});
logs.setGlobalLoggerProvider(loggerProvider);

registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });

// The instrumentation hooks require(); load the (CommonJS build of the) openai module after registering it.
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai');

const provider = await startFakeProvider();
const client = new OpenAI({ baseURL: provider.baseURL, apiKey: 'sk-fake', maxRetries: 0 });
const tracer = trace.getTracer('weather-bot-app', '1.0.0');

let toolCallId;
let finalText = '';
let error;
try {
  await tracer.startActiveSpan(
    'invoke_agent weather-bot',
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'weather-bot',
        'gen_ai.conversation.id': env.conversationId,
        'user.id': env.userId,
      },
    },
    async (agentSpan) => {
      try {
        const messages = [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: USER_PROMPT },
        ];
        const first = await client.chat.completions.create({ model: REQUEST_MODEL, messages, tools: [WEATHER_TOOL] });
        const assistant = first.choices[0].message;
        const call = assistant.tool_calls[0];
        toolCallId = call.id;

        const result = await tracer.startActiveSpan(
          `execute_tool ${call.function.name}`,
          {
            kind: SpanKind.INTERNAL,
            attributes: {
              'gen_ai.operation.name': 'execute_tool',
              'gen_ai.tool.name': call.function.name,
              'gen_ai.tool.type': 'function',
              'gen_ai.tool.call.id': call.id,
              'gen_ai.tool.call.arguments': call.function.arguments,
            },
          },
          async (toolSpan) => {
            const out = getWeather(JSON.parse(call.function.arguments));
            toolSpan.setAttribute('gen_ai.tool.call.result', JSON.stringify(out));
            toolSpan.end();
            return out;
          },
        );

        messages.push(assistant, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        const stream = await client.chat.completions.create({
          model: REQUEST_MODEL,
          messages,
          tools: [WEATHER_TOOL],
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of stream) finalText += chunk.choices[0]?.delta?.content ?? '';
      } catch (e) {
        agentSpan.recordException(e);
        agentSpan.setStatus({ code: SpanStatusCode.ERROR, message: String(e.message) });
        throw e;
      } finally {
        agentSpan.end();
      }
    },
  );
} catch (e) {
  error = e;
}

await tracker.settle('tracerProvider.forceFlush', () => tracerProvider.forceFlush());
await tracker.settle('loggerProvider.forceFlush', () => loggerProvider.forceFlush());
await tracker.settle('tracerProvider.shutdown', () => tracerProvider.shutdown());
await tracker.settle('loggerProvider.shutdown', () => loggerProvider.shutdown());
await provider.close();

report('otel-contrib', { env, provider, tracker, error, toolCallId: toolCallId, finalText: finalText });
