// Drives the gateway with the official openai package, unchanged, as any program would, and prints what it got as JSON.
//
//   ORS_BASE_URL=http://127.0.0.1:5080/api/v1 ORS_API_TOKEN=ors_... node client.mjs [step...]
//
// Steps (all by default, in this order): models, chat, tools, json, stream. ORS_MODEL names the model for the chat
// steps (default: a free model the demo tenant's default allow-list allows). On the first failure it prints the
// step and the gateway's message to stderr and exits with status 1. The token is never printed.
import OpenAI from 'openai';

const STEPS = ['models', 'chat', 'tools', 'json', 'stream'];

const baseURL = process.env.ORS_BASE_URL;
const apiKey = process.env.ORS_API_TOKEN;
const model = process.env.ORS_MODEL || 'meta-llama/llama-3.3-70b-instruct:free';
const steps = process.argv.slice(2);

function fail(message) {
  process.stderr.write(`client.mjs: ${message}\n`);
  process.exit(1);
}

if (!baseURL) fail('set ORS_BASE_URL to the gateway, such as http://127.0.0.1:5080/api/v1');
if (!apiKey) fail('set ORS_API_TOKEN to an API token (ors_...)');
const unknown = steps.filter((step) => !STEPS.includes(step));
if (unknown.length > 0) fail(`unknown step ${unknown.join(', ')}; the steps are ${STEPS.join(', ')}`);

// No retries: every call the client makes is one call the ledger must show.
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });

/** What a non-streamed completion answered. */
function summary(completion) {
  const choice = completion.choices[0];
  return {
    id: completion.id,
    model: completion.model,
    content: choice?.message?.content ?? null,
    tool_calls: choice?.message?.tool_calls ?? null,
    finish_reason: choice?.finish_reason ?? null,
    usage: completion.usage ?? null,
  };
}

const run = {
  async models() {
    const ids = [];
    for await (const listed of client.models.list()) {
      ids.push(listed.id);
    }
    return { count: ids.length, ids };
  },

  async chat() {
    return summary(await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Say hello in one sentence.' }],
      max_tokens: 64,
    }));
  },

  async tools() {
    return summary(await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'What is the weather in Lisbon?' }],
      tools: [{
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The current weather in a city.',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      }],
      tool_choice: 'auto',
      max_tokens: 64,
    }));
  },

  async json() {
    return summary(await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Name a colour, as JSON.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'colour',
          strict: true,
          schema: { type: 'object', properties: { colour: { type: 'string' } }, required: ['colour'], additionalProperties: false },
        },
      },
      max_tokens: 64,
    }));
  },

  async stream() {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Tell me a short story.' }],
      max_tokens: 64,
      stream: true,
    });
    const answer = { id: null, model: null, content: '', chunks: 0, finish_reason: null, usage: null };
    for await (const chunk of stream) {
      answer.chunks += 1;
      answer.id ??= chunk.id;
      answer.model ??= chunk.model;
      const choice = chunk.choices[0];
      answer.content += choice?.delta?.content ?? '';
      answer.finish_reason = choice?.finish_reason ?? answer.finish_reason;
      answer.usage = chunk.usage ?? answer.usage;
    }
    return answer;
  },
};

const result = { base_url: baseURL, model };
for (const step of steps.length > 0 ? steps : STEPS) {
  try {
    result[step] = await run[step]();
  } catch (error) {
    const status = error instanceof OpenAI.APIError && error.status ? ` (HTTP ${error.status})` : '';
    fail(`${step} failed${status}: ${error?.message ?? error}`);
  }
}

process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
