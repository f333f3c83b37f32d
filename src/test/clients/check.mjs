// Proves that real OpenAI clients work against Flaregate, used the way a new user would use them:
// the openai npm client, the Vercel AI SDK (ai + @ai-sdk/openai-compatible) and LangChain (@langchain/openai),
// for chat completions, tools (an agent loop), JSON mode, vision, embeddings and the model list.
//
//   FLAREGATE_BASE_URL=http://localhost:8080/v1 node check.mjs
//
// The checks rely on the gateway's built-in Workers AI emulator (no Cloudflare credentials set), which answers
// "You said: <last user message>" and acts out [emulate:...] directives written into the prompt; its embeddings are
// deterministic per model and text, L2-normalized and non-zero.
// Prints one line per check, then "N passed, N failed"; exits non-zero if anything failed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';

const BASE_URL = process.env.FLAREGATE_BASE_URL ?? 'http://localhost:8080/v1';
const API_KEY = 'any-key-works';
const TIMEOUT_MS = 30_000;
const MODELS = ['@cf/meta/llama-3.1-8b-instruct', '@cf/qwen/qwen3-30b-a3b-fp8'];
const PROMPT = 'Name three things a gateway should never drop';
const EXPECTED = `You said: ${PROMPT}`;

// Tools, JSON mode and vision, the same for every client. The emulated model calls a tool with the user's words in
// each string parameter and, given the tool's result, answers "The tool said: <result>"; in JSON mode it fills the
// schema's strings with "You said: <prompt>" and its integers with 42.
const JSON_MODEL = '@cf/meta/llama-3.1-8b-instruct';
// Classic and chat-shaped models, the README's first model and the alias most tools hard-wire.
const TOOL_MODELS = ['@cf/meta/llama-4-scout-17b-16e-instruct', '@cf/qwen/qwen3-30b-a3b-fp8', JSON_MODEL, 'gpt-4o-mini'];
const STRUCTURED_MODELS = [JSON_MODEL, 'gpt-4o-mini'];
const VISION_MODEL = '@cf/meta/llama-4-scout-17b-16e-instruct';
const WEATHER = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City' } }, required: ['city'] },
};
const WEATHER_TOOL = { type: 'function', function: WEATHER };
const WEATHER_QUESTION = 'What is the weather in Paris?';
const WEATHER_REPORT = '22 degrees';
const COUNTRY = {
  name: 'country',
  schema: {
    type: 'object',
    properties: { name: { type: 'string' }, population: { type: 'integer' } },
    required: ['name', 'population'],
    additionalProperties: false,
  },
};
const COUNTRY_PROMPT = 'Describe France';
// A nested zod schema, as agent frameworks write them: objects in objects, an array of objects, an enum, bounds.
// Each client validates the answer against it.
const TRIP = z.object({
  destination: z.object({
    city: z.string(),
    coordinates: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  }),
  days: z.array(z.object({ activity: z.string(), budget: z.enum(['low', 'medium', 'high']) })).min(1),
  travellers: z.number().int().min(1),
  refundable: z.boolean(),
});
const TRIP_PROMPT = 'Plan a weekend in Lisbon';
const IMAGE_QUESTION = 'What is in this picture?';
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The get_weather tool's implementation for the agent loops: answers WEATHER_REPORT and records its arguments. */
function weatherTool() {
  const calls = [];
  return {
    calls,
    run(args) {
      calls.push(args);
      return WEATHER_REPORT;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tiny runner: one line per check, a summary line per client and one in all, an exit code. A check's client is
// the first word of its name (openai, ai-sdk, langchain).

let passed = 0;
let failed = 0;
const byClient = new Map();

async function check(name, fn) {
  const client = name.split(' ')[0].replace(/:$/, '');
  const tally = byClient.get(client) ?? { passed: 0, failed: 0 };
  byClient.set(client, tally);
  try {
    const note = await fn();
    passed++;
    tally.passed++;
    console.log(`ok    ${name}${typeof note === 'string' ? ` -> ${note}` : ''}`);
  } catch (err) {
    failed++;
    tally.failed++;
    console.log(`FAIL  ${name}\n      ${describe(err).replaceAll('\n', '\n      ')}`);
  }
}

function describe(err) {
  if (err instanceof assert.AssertionError) return err.message;
  const extra = [err?.status && `status=${err.status}`, err?.code && `code=${err.code}`].filter(Boolean).join(' ');
  const cause = err?.cause ? ` (cause: ${err.cause?.message ?? err.cause})` : '';
  return `${err?.name ?? 'Error'}: ${err?.message ?? err}${extra ? ` [${extra}]` : ''}${cause}`;
}

// Runs a request once; the checks then assert on its outcome (or fail with its error).
async function attempt(fn) {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error };
  }
}

/** Asserts that the request fails with the client's APIError carrying these fields; returns a description. */
async function expectApiError(request, fields) {
  let seen;
  await assert.rejects(request, (err) => {
    assert.ok(err instanceof OpenAI.APIError, `expected an OpenAI.APIError, got ${describe(err)}`);
    for (const [field, value] of Object.entries(fields)) assert.equal(err[field], value, field);
    seen = err;
    return true;
  });
  return describe(seen);
}

function valueOf(outcome, what) {
  if (outcome.error) {
    const e = new Error(`${what} failed: ${describe(outcome.error)}`);
    e.name = 'RequestFailed';
    throw e;
  }
  return outcome.value;
}

// ---------------------------------------------------------------------------------------------------------------
// The three clients, each used as its documentation shows. Each has:
// - complete(model) and stream(model): { text, finishReason, usage: { prompt, completion, total } } for a
//   non-streamed and a streamed completion of the same prompt;
// - agentLoop(model, streamed): asks WEATHER_QUESTION with get_weather offered, runs the calls the answer makes and
//   asks again with their results; { calls: [{ id, name, args (parsed) }], executed: [args the tool ran with],
//   finishReasons: [first turn, second turn], answer: text of the second turn };
// - country(streamed): the object JSON mode answers to COUNTRY_PROMPT with the COUNTRY schema;
// - describeImage(): the answer to IMAGE_QUESTION with PIXEL as a data: URL image part, from VISION_MODEL.
// toolCallsFinishReason is the finish reason the client reports for a turn that ends in tool calls.

const openai = new OpenAI({ baseURL: BASE_URL, apiKey: API_KEY, timeout: TIMEOUT_MS, maxRetries: 0 });

const openaiClient = {
  name: 'openai',
  toolCallsFinishReason: 'tool_calls',
  async complete(model) {
    const res = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }] });
    const choice = res.choices[0];
    return {
      text: choice.message.content,
      finishReason: choice.finish_reason,
      usage: res.usage && {
        prompt: res.usage.prompt_tokens,
        completion: res.usage.completion_tokens,
        total: res.usage.total_tokens,
      },
    };
  },
  async stream(model) {
    const stream = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: PROMPT }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finishReason;
    let usage;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        text += choice.delta?.content ?? '';
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      if (chunk.usage) {
        usage = {
          prompt: chunk.usage.prompt_tokens,
          completion: chunk.usage.completion_tokens,
          total: chunk.usage.total_tokens,
        };
      }
    }
    return { text, finishReason, usage };
  },
  // Streamed, the SDK's stream helper (chat.completions.stream) assembles the tool-call deltas.
  async agentLoop(model, streamed) {
    const ask = async (messages) => {
      const request = { model, messages, tools: [WEATHER_TOOL] };
      const res = streamed
        ? await openai.chat.completions.stream(request).finalChatCompletion()
        : await openai.chat.completions.create(request);
      return { message: res.choices[0].message, finishReason: res.choices[0].finish_reason };
    };
    return runAgentLoop([{ role: 'user', content: WEATHER_QUESTION }], ask,
      (message) => (message.tool_calls ?? [])
        .map(({ id, function: f }) => ({ id, name: f.name, args: JSON.parse(f.arguments) })),
      (call, content) => ({ role: 'tool', tool_call_id: call.id, content }));
  },
  async country(streamed) {
    const request = {
      model: JSON_MODEL,
      messages: [{ role: 'user', content: COUNTRY_PROMPT }],
      response_format: { type: 'json_schema', json_schema: { ...COUNTRY, strict: true } },
    };
    if (!streamed) return JSON.parse((await openai.chat.completions.create(request)).choices[0].message.content);
    let text = '';
    for await (const chunk of await openai.chat.completions.create({ ...request, stream: true })) {
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    return JSON.parse(text);
  },
  async trip(model) {
    const completion = await openai.chat.completions.parse({
      model,
      messages: [{ role: 'user', content: TRIP_PROMPT }],
      response_format: zodResponseFormat(TRIP, 'trip'),
    });
    return completion.choices[0].message.parsed;
  },
  async describeImage() {
    const reply = await openai.chat.completions.create({
      model: VISION_MODEL,
      messages: [{
        role: 'user',
        content: [{ type: 'text', text: IMAGE_QUESTION }, { type: 'image_url', image_url: { url: PIXEL } }],
      }],
    });
    return reply.choices[0].message.content;
  },
};

/**
 * Two turns of an agent loop: asks, runs get_weather for each call the answer makes (callsOf reads them as
 * { id, name, args }), appends the answer and toolMessage(call, result) for each, and asks again.
 */
async function runAgentLoop(messages, ask, callsOf, toolMessage) {
  const weather = weatherTool();
  const first = await ask(messages);
  const calls = callsOf(first.message);
  const results = calls.map((call) => toolMessage(call, weather.run(call.args)));
  const second = await ask([...messages, first.message, ...results]);
  return {
    calls,
    executed: weather.calls,
    finishReasons: [first.finishReason, second.finishReason],
    answer: second.message.content,
  };
}

// The gateway takes OpenAI's json_schema response format; without supportsStructuredOutputs the provider would send
// json_object and leave the schema out.
const flaregate = createOpenAICompatible({
  name: 'flaregate',
  baseURL: BASE_URL,
  apiKey: API_KEY,
  includeUsage: true,
  supportsStructuredOutputs: true,
});

function aiUsage(u) {
  return u && { prompt: u.inputTokens, completion: u.outputTokens, total: u.totalTokens };
}

/** The options of every AI SDK call: the model, no retries, the timeout. */
function aiSdkOptions(model, options) {
  return { model: flaregate(model), maxRetries: 0, abortSignal: AbortSignal.timeout(TIMEOUT_MS), ...options };
}

/**
 * streamText, read to its end: the text and tool calls of all steps, each step's finish reason, the final finish
 * reason and usage, and the structured output when options ask for one. An 'error' part throws.
 */
async function aiSdkStream(model, options) {
  const res = streamText({
    ...aiSdkOptions(model, options),
    onError: () => {}, // errors are surfaced below as 'error' parts, not logged
  });
  const read = { text: '', toolCalls: [], stepFinishReasons: [] };
  for await (const part of res.fullStream) {
    if (part.type === 'text-delta') read.text += part.text;
    else if (part.type === 'tool-call') read.toolCalls.push(part);
    else if (part.type === 'finish-step') read.stepFinishReasons.push(part.finishReason);
    else if (part.type === 'finish') {
      read.finishReason = part.finishReason;
      read.usage = aiUsage(part.totalUsage);
    } else if (part.type === 'error') throw part.error;
  }
  if (options.output) read.output = await res.output;
  return read;
}

const aiSdkClient = {
  name: 'ai-sdk',
  toolCallsFinishReason: 'tool-calls',
  async complete(model) {
    const res = await generateText(aiSdkOptions(model, { prompt: PROMPT }));
    return { text: res.text, finishReason: res.finishReason, usage: aiUsage(res.usage) };
  },
  async stream(model) {
    const { text, finishReason, usage } = await aiSdkStream(model, { prompt: PROMPT });
    return { text, finishReason, usage };
  },
  // The SDK runs the loop itself: a tool with execute, and stopWhen letting it take the second step.
  async agentLoop(model, streamed) {
    const weather = weatherTool();
    const options = {
      prompt: WEATHER_QUESTION,
      tools: {
        [WEATHER.name]: tool({
          description: WEATHER.description,
          inputSchema: jsonSchema(WEATHER.parameters),
          execute: async (args) => weather.run(args),
        }),
      },
      stopWhen: stepCountIs(2),
    };
    let run;
    if (streamed) {
      run = await aiSdkStream(model, options);
    } else {
      const res = await generateText(aiSdkOptions(model, options));
      run = {
        text: res.text,
        toolCalls: res.steps.flatMap((step) => step.toolCalls),
        stepFinishReasons: res.steps.map((step) => step.finishReason),
      };
    }
    return {
      calls: run.toolCalls.map((c) => ({ id: c.toolCallId, name: c.toolName, args: c.input })),
      executed: weather.calls,
      finishReasons: run.stepFinishReasons,
      answer: run.text,
    };
  },
  async country(streamed) {
    const options = {
      prompt: COUNTRY_PROMPT,
      output: Output.object({ schema: jsonSchema(COUNTRY.schema), name: COUNTRY.name }),
    };
    return streamed
      ? (await aiSdkStream(JSON_MODEL, options)).output
      : (await generateText(aiSdkOptions(JSON_MODEL, options))).output;
  },
  async trip(model) {
    const options = { prompt: TRIP_PROMPT, output: Output.object({ schema: TRIP, name: 'trip' }) };
    return (await generateText(aiSdkOptions(model, options))).output;
  },
  async describeImage() {
    const res = await generateText(aiSdkOptions(VISION_MODEL, {
      messages: [{
        role: 'user',
        content: [{ type: 'text', text: IMAGE_QUESTION }, { type: 'image', image: PIXEL, mediaType: 'image/png' }],
      }],
    }));
    return res.text;
  },
};

function langchainModel(model) {
  return new ChatOpenAI({
    model,
    apiKey: API_KEY,
    configuration: { baseURL: BASE_URL },
    streamUsage: true,
    maxRetries: 0,
    timeout: TIMEOUT_MS,
  });
}

/** A LangChain stream's chunks concatenated into one AIMessageChunk. */
async function langchainConcat(stream) {
  let merged;
  for await (const chunk of stream) merged = merged ? merged.concat(chunk) : chunk;
  assert.ok(merged, 'the stream yielded no chunk at all');
  return merged;
}

function langchainResult(message) {
  const u = message.usage_metadata;
  return {
    text: message.content,
    finishReason: message.response_metadata?.finish_reason,
    usage: u && { prompt: u.input_tokens, completion: u.output_tokens, total: u.total_tokens },
  };
}

/** Asserts that a streamed answer's tool_call_chunks assembled into one call, the one in its tool_calls. */
function assertOneToolCallChunk(message) {
  const chunks = message.tool_call_chunks ?? [];
  assert.equal(chunks.length, 1, `tool_call_chunks should assemble into one call: ${JSON.stringify(chunks)}`);
  const [call] = message.tool_calls ?? [];
  assert.ok(call, `no tool_calls next to tool_call_chunks ${JSON.stringify(chunks)}`);
  assert.equal(chunks[0].id, call.id, 'tool_call_chunks id');
  assert.equal(chunks[0].name, call.name, 'tool_call_chunks name');
  assert.deepEqual(JSON.parse(chunks[0].args), call.args, 'tool_call_chunks args, parsed, equal tool_calls args');
}

const langchainClient = {
  name: 'langchain',
  toolCallsFinishReason: 'tool_calls',
  async complete(model) {
    return langchainResult(await langchainModel(model).invoke(PROMPT));
  },
  async stream(model) {
    return langchainResult(await langchainConcat(await langchainModel(model).stream(PROMPT)));
  },
  // Streamed, each turn's AIMessageChunks are concatenated, and the concatenation goes back into the conversation.
  async agentLoop(model, streamed) {
    const llm = langchainModel(model).bindTools([WEATHER_TOOL]);
    const ask = async (messages) => {
      const message = streamed ? await langchainConcat(await llm.stream(messages)) : await llm.invoke(messages);
      if (streamed && message.tool_calls?.length) assertOneToolCallChunk(message);
      return { message, finishReason: message.response_metadata?.finish_reason };
    };
    return runAgentLoop([new HumanMessage(WEATHER_QUESTION)], ask,
      (message) => (message.tool_calls ?? []).map(({ id, name, args }) => ({ id, name, args })),
      (call, content) => new ToolMessage({ tool_call_id: call.id, content }));
  },
  async country(streamed) {
    const structured = langchainModel(JSON_MODEL)
      .withStructuredOutput(COUNTRY.schema, { name: COUNTRY.name, method: 'jsonSchema' });
    if (!streamed) return structured.invoke(COUNTRY_PROMPT);
    let last; // the stream yields ever more complete objects
    for await (const partial of await structured.stream(COUNTRY_PROMPT)) last = partial;
    return last;
  },
  async trip(model) {
    return langchainModel(model).withStructuredOutput(TRIP, { name: 'trip', method: 'jsonSchema' })
      .invoke(TRIP_PROMPT);
  },
  async describeImage() {
    const reply = await langchainModel(VISION_MODEL).invoke([new HumanMessage({
      content: [{ type: 'text', text: IMAGE_QUESTION }, { type: 'image_url', image_url: { url: PIXEL } }],
    })]);
    return reply.content;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The checks.

function assertUsage(usage, label) {
  assert.ok(usage, `${label}: no usage arrived`);
  for (const key of ['prompt', 'completion', 'total']) {
    assert.ok(
      Number.isInteger(usage[key]) && usage[key] > 0,
      `${label}: ${key} tokens should be a positive integer, got ${JSON.stringify(usage[key])}`,
    );
  }
}

// Not every package exports its package.json, so read it from node_modules next to this script.
const version = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;

console.log(`Flaregate client checks against ${BASE_URL} (node ${process.version})`);
console.log(
  `openai ${version('openai')}, ai ${version('ai')}, @ai-sdk/openai-compatible ${version('@ai-sdk/openai-compatible')}, ` +
    `@langchain/openai ${version('@langchain/openai')}, @langchain/core ${version('@langchain/core')}`,
);
console.log(`prompt: ${JSON.stringify(PROMPT)}`);

for (const client of [openaiClient, aiSdkClient, langchainClient]) {
  for (const model of MODELS) {
    const label = `${client.name} ${model}`;
    const plain = await attempt(() => client.complete(model));
    const streamed = await attempt(() => client.stream(model));

    await check(`${label}: non-streamed text is "You said: " + prompt`, () => {
      assert.equal(valueOf(plain, 'non-streamed completion').text, EXPECTED);
    });
    await check(`${label}: streamed text equals non-streamed text`, () => {
      const p = valueOf(plain, 'non-streamed completion');
      const s = valueOf(streamed, 'streamed completion');
      assert.equal(s.text, p.text);
    });
    await check(`${label}: finish reason is stop (non-streamed and streamed)`, () => {
      assert.equal(valueOf(plain, 'non-streamed completion').finishReason, 'stop', 'non-streamed finish reason');
      assert.equal(valueOf(streamed, 'streamed completion').finishReason, 'stop', 'streamed finish reason');
    });
    await check(`${label}: usage arrives, > 0, equal between streamed and non-streamed`, () => {
      const p = valueOf(plain, 'non-streamed completion');
      const s = valueOf(streamed, 'streamed completion');
      assertUsage(p.usage, 'non-streamed');
      assertUsage(s.usage, 'streamed');
      assert.deepEqual(s.usage, p.usage, 'streamed usage should equal non-streamed usage');
    });
  }
}

await check('openai: unknown model @cf/meta/does-not-exist raises status 404, code model_not_found', () =>
  expectApiError(
    openai.chat.completions.create({ model: '@cf/meta/does-not-exist', messages: [{ role: 'user', content: PROMPT }] }),
    { status: 404, code: 'model_not_found' },
  ));

await check('openai: a stream whose upstream is cut makes the iteration throw', async () => {
  const stream = await openai.chat.completions.create({
    model: MODELS[0],
    messages: [{ role: 'user', content: 'a b c d e f g h [emulate:truncate]' }],
    stream: true,
  });
  let text = '';
  let seen;
  await assert.rejects(
    async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    },
    (err) => {
      assert.ok(err instanceof Error, `expected an Error, got ${describe(err)}`);
      seen = err;
      return true;
    },
    'the stream ended without an error: a cut answer would pass as complete',
  );
  assert.ok(text.length > 0, 'expected some text before the cut');
  return `${JSON.stringify(text)} then ${describe(seen)}`;
});

// ---------------------------------------------------------------------------------------------------------------
// Tools, JSON mode and vision, with each client.

/** Asserts one agent loop: one get_weather call with the parsed arguments, run once, then the answer from it. */
function assertAgentLoop(run, client) {
  assert.equal(run.calls.length, 1, `expected one tool call, got ${JSON.stringify(run.calls)}`);
  const [call] = run.calls;
  assert.ok(call.id, 'the call has an id');
  assert.equal(call.name, WEATHER.name, 'tool name');
  assert.deepEqual(call.args, { city: WEATHER_QUESTION }, 'parsed arguments');
  assert.deepEqual(run.executed, [call.args], 'the tool ran once, with the arguments of the call');
  assert.deepEqual(run.finishReasons, [client.toolCallsFinishReason, 'stop'], 'finish reasons of the two turns');
  assert.equal(run.answer, `The tool said: ${WEATHER_REPORT}`, 'the answer after the tool result');
  return `${call.name}(${JSON.stringify(call.args)}) -> ${JSON.stringify(run.answer)}`;
}

/** Asserts that a JSON-mode answer fits COUNTRY: exactly its properties, of their types. */
function assertCountry(answer) {
  assert.ok(answer && typeof answer === 'object' && !Array.isArray(answer), `not an object: ${JSON.stringify(answer)}`);
  assert.deepEqual(Object.keys(answer).sort(), Object.keys(COUNTRY.schema.properties).sort(), 'properties');
  assert.equal(typeof answer.name, 'string', 'name');
  assert.ok(Number.isInteger(answer.population), `population should be an integer, got ${answer.population}`);
}

for (const client of [openaiClient, aiSdkClient, langchainClient]) {
  for (const model of TOOL_MODELS) {
    await check(`${client.name} ${model}: an agent loop calls get_weather, then answers with its result`, async () =>
      assertAgentLoop(await client.agentLoop(model, false), client));
    await check(`${client.name} ${model}: streamed, the tool call assembles and the agent loop ends the same`,
      async () => assertAgentLoop(await client.agentLoop(model, true), client));
  }

  await check(`${client.name} ${JSON_MODEL}: JSON mode with a schema answers JSON that fits it, streamed and not`,
    async () => {
      const whole = await client.country(false);
      assertCountry(whole);
      assert.deepEqual(await client.country(true), whole, 'the streamed JSON equals the non-streamed JSON');
      return JSON.stringify(whole);
    });

  for (const model of STRUCTURED_MODELS) {
    await check(`${client.name} ${model}: a nested zod schema gets an answer that the client validates`, async () => {
      const trip = TRIP.parse(await client.trip(model));
      assert.ok(trip.days.length >= 1, 'days');
      return JSON.stringify(trip);
    });
  }

  await check(`${client.name} ${VISION_MODEL}: an image as a data: URL reaches the vision model`, async () => {
    const answer = await client.describeImage();
    assert.equal(answer, `You said: ${IMAGE_QUESTION}`);
    return answer;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Embeddings. The openai client asks for base64 unless told otherwise and decodes the little-endian float32 itself;
// LangChain's OpenAIEmbeddings goes through that same client and does the same.

const EMBED_MODEL = '@cf/baai/bge-base-en-v1.5'; // 768 dimensions
const EMBED_ALIAS = 'text-embedding-3-small'; // alias for bge-base, 768 dimensions
const EMBED_SMALL = '@cf/baai/bge-small-en-v1.5'; // 384 dimensions
const EMBED_TEXT = 'Flaregate puts an OpenAI-compatible API in front of Workers AI';
// 150 distinct texts, no newlines (LangChain would replace them with spaces). More than 100, so a gateway that
// splits a batch into upstream calls of 100 is caught putting the pieces back together out of order.
const BATCH = Array.from({ length: 150 }, (_, i) => `Passage number ${i} about gateways, tokens and vectors`);
const SPOT = [0, 99, 100, 149];

async function embedOne(model, input, extra = {}) {
  const res = await openai.embeddings.create({ model, input, ...extra });
  assert.equal(res.data.length, 1, `one input should give one embedding, got ${res.data.length}`);
  return res.data[0].embedding;
}

function norm(v) {
  let sum = 0;
  for (const x of v) sum += x * x;
  return Math.sqrt(sum);
}

function assertVector(v, dims, label) {
  assert.ok(v && typeof v.length === 'number', `${label}: not a vector: ${typeof v}`);
  assert.equal(v.length, dims, `${label}: length`);
  for (let i = 0; i < v.length; i++) {
    assert.ok(typeof v[i] === 'number' && Number.isFinite(v[i]), `${label}: [${i}] is ${v[i]}, not a finite number`);
    assert.notEqual(v[i], 0, `${label}: [${i}] is 0`);
  }
  const n = norm(v);
  assert.ok(Math.abs(n - 1) <= 1e-3, `${label}: L2 norm should be 1 within 1e-3, got ${n}`);
  return n;
}

function assertSameVector(actual, expected, label, tolerance = 1e-6) {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    assert.ok(diff <= tolerance, `${label}: [${i}] is ${actual[i]}, expected ${expected[i]} (off by ${diff})`);
  }
}

function head(v) {
  return `[${Array.from(v.slice(0, 3), (x) => x.toFixed(6)).join(', ')}, ...]`;
}

const embDefault = await attempt(() => embedOne(EMBED_MODEL, EMBED_TEXT));
const embFloat = await attempt(() => embedOne(EMBED_MODEL, EMBED_TEXT, { encoding_format: 'float' }));

await check(`openai embeddings ${EMBED_MODEL}: default (base64) encoding gives 768 non-zero floats of norm 1`, () => {
  const v = valueOf(embDefault, 'embeddings.create with the default encoding');
  const n = assertVector(v, 768, 'default encoding');
  return `${v.constructor.name}(${v.length}) ${head(v)} norm ${n.toFixed(6)}`;
});
await check(`openai embeddings ${EMBED_MODEL}: encoding_format float gives the same vector as the default`, () => {
  const f = valueOf(embFloat, "embeddings.create with encoding_format 'float'");
  const d = valueOf(embDefault, 'embeddings.create with the default encoding');
  assertVector(f, 768, "encoding_format 'float'");
  assertSameVector(f, d, "'float' vs default (base64)");
});

const embBatch = await attempt(() => openai.embeddings.create({ model: EMBED_MODEL, input: BATCH }));
const embSingles = await attempt(async () => {
  const singles = {};
  for (const i of SPOT) singles[i] = await embedOne(EMBED_MODEL, BATCH[i]);
  return singles;
});
const embTwice = await attempt(() => openai.embeddings.create({ model: EMBED_MODEL, input: [EMBED_TEXT, EMBED_TEXT] }));

await check(`openai embeddings ${EMBED_MODEL}: a batch of 150 texts gives 150 embeddings with index 0..149 in order`, () => {
  const res = valueOf(embBatch, 'embeddings.create with 150 inputs');
  assert.equal(res.object, 'list', 'object');
  assert.equal(res.data.length, BATCH.length, 'number of embeddings');
  res.data.forEach((d, i) => {
    assert.equal(d.index, i, `data[${i}].index`);
    assertVector(d.embedding, 768, `data[${i}].embedding`);
  });
});
await check(`openai embeddings ${EMBED_MODEL}: batch embedding i equals text i embedded alone (i = ${SPOT.join(', ')})`, () => {
  const res = valueOf(embBatch, 'embeddings.create with 150 inputs');
  const singles = valueOf(embSingles, 'embeddings.create with one input');
  for (const i of SPOT) {
    assert.ok(res.data[i], `no data[${i}] in the batch response`);
    assertSameVector(res.data[i].embedding, singles[i], `batch data[${i}] vs text ${i} alone`);
  }
});
await check(`openai embeddings ${EMBED_MODEL}: the same text twice gives the same vector, distinct texts differ`, () => {
  const res = valueOf(embTwice, 'embeddings.create with the same text twice');
  assert.equal(res.data.length, 2, 'number of embeddings');
  assertSameVector(res.data[1].embedding, res.data[0].embedding, 'second copy vs first');
  assertSameVector(res.data[0].embedding, valueOf(embDefault, 'embeddings.create'), 'in a batch vs alone');
  const batch = valueOf(embBatch, 'embeddings.create with 150 inputs');
  assert.throws(
    () => assertSameVector(batch.data[1].embedding, batch.data[0].embedding, 'text 1 vs text 0'),
    assert.AssertionError,
    'two different texts gave the same vector',
  );
});
await check(`openai embeddings ${EMBED_MODEL}: usage.prompt_tokens > 0`, () => {
  const res = valueOf(embBatch, 'embeddings.create with 150 inputs');
  assert.ok(res.usage, 'no usage');
  assert.ok(
    Number.isInteger(res.usage.prompt_tokens) && res.usage.prompt_tokens > 0,
    `prompt_tokens should be a positive integer, got ${JSON.stringify(res.usage.prompt_tokens)}`,
  );
  return `prompt_tokens ${res.usage.prompt_tokens}, total_tokens ${res.usage.total_tokens}`;
});

await check(`openai embeddings: dimensions 1536 on ${EMBED_MODEL} raises status 400, param dimensions`, () =>
  expectApiError(openai.embeddings.create({ model: EMBED_MODEL, input: EMBED_TEXT, dimensions: 1536 }),
    { status: 400, param: 'dimensions' }));

function langchainEmbeddings(model) {
  return new OpenAIEmbeddings({
    model,
    apiKey: API_KEY,
    configuration: { baseURL: BASE_URL },
    maxRetries: 0,
    timeout: TIMEOUT_MS,
  });
}

for (const [model, dims] of [
  [EMBED_ALIAS, 768],
  [EMBED_SMALL, 384],
]) {
  const label = `langchain OpenAIEmbeddings ${model}`;
  const lcQuery = await attempt(() => langchainEmbeddings(model).embedQuery(EMBED_TEXT));
  const lcDocs = await attempt(() => langchainEmbeddings(model).embedDocuments(BATCH));
  const viaOpenai = await attempt(() => embedOne(model, EMBED_TEXT));
  const viaOpenaiBatch = await attempt(() => openai.embeddings.create({ model, input: BATCH }));

  await check(`${label}: embedQuery gives ${dims} numbers equal to the openai client's vector`, () => {
    const v = valueOf(lcQuery, 'embedQuery');
    assertVector(v, dims, 'embedQuery');
    assertSameVector(v, valueOf(viaOpenai, 'openai embeddings.create'), 'embedQuery vs openai client');
    return `${v.constructor.name}(${v.length}) ${head(v)}`;
  });
  await check(`${label}: embedDocuments of 150 texts gives 150 vectors in order`, () => {
    const docs = valueOf(lcDocs, 'embedDocuments');
    const ref = valueOf(viaOpenaiBatch, 'openai embeddings.create with 150 inputs');
    assert.equal(docs.length, BATCH.length, 'number of vectors');
    assert.equal(ref.data.length, BATCH.length, 'number of openai embeddings');
    docs.forEach((v, i) => {
      assertVector(v, dims, `embedDocuments[${i}]`);
      assertSameVector(v, ref.data[i].embedding, `embedDocuments[${i}] vs openai data[${i}]`);
    });
  });
}

await check(`openai embeddings: alias ${EMBED_ALIAS} gives the ${EMBED_MODEL} vector`, async () => {
  const alias = await embedOne(EMBED_ALIAS, EMBED_TEXT);
  assertSameVector(alias, valueOf(embDefault, `embeddings.create on ${EMBED_MODEL}`), `${EMBED_ALIAS} vs ${EMBED_MODEL}`);
});

// ---------------------------------------------------------------------------------------------------------------
// Models.

const CHAT_MODEL = '@cf/meta/llama-3.1-8b-instruct';

await check(`openai models.list() contains ${CHAT_MODEL}, ${EMBED_MODEL} and the alias gpt-4o-mini`, async () => {
  const models = [];
  for await (const model of openai.models.list()) models.push(model);
  const ids = models.map((m) => m.id);
  for (const id of [CHAT_MODEL, EMBED_MODEL, 'gpt-4o-mini']) {
    assert.ok(ids.includes(id), `${id} is missing from models.list(): ${JSON.stringify(ids)}`);
  }
  for (const m of models) assert.equal(m.object, 'model', `${m.id}: object`);
  const alias = models.find((m) => m.id === 'gpt-4o-mini');
  return `${models.length} models; gpt-4o-mini -> ${alias.alias_for}`;
});

await check(`openai models.retrieve('${CHAT_MODEL}') returns that id`, async () => {
  const model = await openai.models.retrieve(CHAT_MODEL);
  assert.equal(model.id, CHAT_MODEL, 'id');
  assert.equal(model.object, 'model', 'object');
  return `owned_by ${model.owned_by}, context_window ${model.context_window}`;
});

await check("openai models.retrieve('@cf/nope/nothing') raises status 404, code model_not_found", () =>
  expectApiError(openai.models.retrieve('@cf/nope/nothing'), { status: 404, code: 'model_not_found' }));

for (const [client, tally] of byClient) console.log(`${client}: ${tally.passed} passed, ${tally.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
