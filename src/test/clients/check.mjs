// Proves that real OpenAI clients work against Flaregate, used the way a new user would use them:
// the openai npm client, the Vercel AI SDK (ai + @ai-sdk/openai-compatible) and LangChain (@langchain/openai).
//
//   FLAREGATE_BASE_URL=http://localhost:8080/v1 node check.mjs
//
// The checks rely on the gateway's built-in Workers AI emulator (no Cloudflare credentials set), which answers
// "You said: <last user message>" and acts out [emulate:...] directives written into the prompt.
// Prints one line per check, then "N passed, N failed"; exits non-zero if anything failed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import OpenAI from 'openai';
import { generateText, streamText } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { ChatOpenAI } from '@langchain/openai';

const BASE_URL = process.env.FLAREGATE_BASE_URL ?? 'http://localhost:8080/v1';
const API_KEY = 'any-key-works';
const TIMEOUT_MS = 30_000;
const MODELS = ['@cf/meta/llama-3.1-8b-instruct', '@cf/qwen/qwen3-30b-a3b-fp8'];
const PROMPT = 'Name three things a gateway should never drop';
const EXPECTED = `You said: ${PROMPT}`;

// ---------------------------------------------------------------------------------------------------------------
// Tiny runner: one line per check, a summary line, an exit code.

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    const note = await fn();
    passed++;
    console.log(`ok    ${name}${typeof note === 'string' ? ` -> ${note}` : ''}`);
  } catch (err) {
    failed++;
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

function valueOf(outcome, what) {
  if (outcome.error) {
    const e = new Error(`${what} failed: ${describe(outcome.error)}`);
    e.name = 'RequestFailed';
    throw e;
  }
  return outcome.value;
}

// ---------------------------------------------------------------------------------------------------------------
// The three clients. Each returns { text, finishReason, usage: { prompt, completion, total } } for a
// non-streamed and a streamed completion of the same prompt.

const openai = new OpenAI({ baseURL: BASE_URL, apiKey: API_KEY, timeout: TIMEOUT_MS, maxRetries: 0 });

const openaiClient = {
  name: 'openai',
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
};

const flaregate = createOpenAICompatible({
  name: 'flaregate',
  baseURL: BASE_URL,
  apiKey: API_KEY,
  includeUsage: true,
});

function aiUsage(u) {
  return u && { prompt: u.inputTokens, completion: u.outputTokens, total: u.totalTokens };
}

const aiSdkClient = {
  name: 'ai-sdk',
  async complete(model) {
    const res = await generateText({
      model: flaregate(model),
      prompt: PROMPT,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { text: res.text, finishReason: res.finishReason, usage: aiUsage(res.usage) };
  },
  async stream(model) {
    const res = streamText({
      model: flaregate(model),
      prompt: PROMPT,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(TIMEOUT_MS),
      onError: () => {}, // errors are surfaced below as 'error' parts, not logged
    });
    let text = '';
    let finishReason;
    let usage;
    for await (const part of res.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      else if (part.type === 'finish') {
        finishReason = part.finishReason;
        usage = aiUsage(part.totalUsage);
      } else if (part.type === 'error') throw part.error;
    }
    return { text, finishReason, usage };
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

function langchainResult(message) {
  const u = message.usage_metadata;
  return {
    text: message.content,
    finishReason: message.response_metadata?.finish_reason,
    usage: u && { prompt: u.input_tokens, completion: u.output_tokens, total: u.total_tokens },
  };
}

const langchainClient = {
  name: 'langchain',
  async complete(model) {
    return langchainResult(await langchainModel(model).invoke(PROMPT));
  },
  async stream(model) {
    let merged;
    for await (const chunk of await langchainModel(model).stream(PROMPT)) {
      merged = merged ? merged.concat(chunk) : chunk;
    }
    assert.ok(merged, 'the stream yielded no chunk at all');
    return langchainResult(merged);
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

await check('openai: unknown model @cf/meta/does-not-exist raises status 404, code model_not_found', async () => {
  let seen;
  await assert.rejects(
    openai.chat.completions.create({
      model: '@cf/meta/does-not-exist',
      messages: [{ role: 'user', content: PROMPT }],
    }),
    (err) => {
      assert.ok(err instanceof OpenAI.APIError, `expected an OpenAI.APIError, got ${describe(err)}`);
      assert.equal(err.status, 404, 'status');
      assert.equal(err.code, 'model_not_found', 'code');
      seen = err;
      return true;
    },
  );
  return describe(seen);
});

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

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
