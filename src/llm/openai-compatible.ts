/**
 * An OpenAI-compatible chat-completions client (Ollama, vLLM, llama.cpp server, hosted APIs):
 * POST {baseUrl}/v1/chat/completions through the project's fetcher. The endpoint is the user's
 * own configuration, so requests are trusted (a local server on 127.0.0.1 is allowed).
 *
 * JSON mode (`response_format: {"type": "json_object"}`) is asked for when the caller wants JSON;
 * a server that answers 400 or 422 to it is asked again without it, and not asked again.
 */
import { FetchError, ParseError } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import type { ChatMessage, CompleteOptions, Llm } from './types.js';

export interface OpenAiCompatibleOptions {
  /** "http://127.0.0.1:11434" or "https://api.example.com/v1". */
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  /** Whole request, first byte to last. */
  timeoutMs: number;
  /** Largest answer accepted (default 2 MiB). */
  maxBodyBytes?: number;
}

/** The chat-completions URL: "/v1" is added unless the base URL already ends with it. */
export function chatCompletionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

function contentOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const choices = (body as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return null;
  const first = choices[0] as { message?: { content?: unknown }; text?: unknown } | null;
  const content = first?.message?.content ?? first?.text;
  if (typeof content === 'string') return content;
  // Some servers send content parts: [{type: 'text', text: '…'}].
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return null;
}

/** The address without a user or password in it (the id is stored with every story's briefing inputs). */
function withoutCredentials(address: string): string {
  try {
    const url = new URL(address);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(unparsable address)';
  }
}

export function createOpenAiCompatibleLlm(options: OpenAiCompatibleOptions, fetcher: Fetcher): Llm {
  const url = chatCompletionsUrl(options.baseUrl);
  let jsonModeSupported = true;

  async function send(messages: readonly ChatMessage[], settings: CompleteOptions, jsonMode: boolean) {
    const body: Record<string, unknown> = {
      model: options.model,
      messages,
      temperature: settings.temperature ?? 0,
      stream: false,
    };
    if (settings.maxTokens !== undefined) body.max_tokens = settings.maxTokens;
    if (jsonMode) body.response_format = { type: 'json_object' };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    return fetcher.fetch({
      url,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      trusted: true,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    });
  }

  return {
    id: `${options.model}@${withoutCredentials(options.baseUrl)}`,
    async complete(messages, settings = {}) {
      const wantJson = settings.json === true && jsonModeSupported;
      let response = await send(messages, settings, wantJson);
      if (wantJson && (response.status === 400 || response.status === 422)) {
        jsonModeSupported = false;
        response = await send(messages, settings, false);
      }
      if (response.status < 200 || response.status >= 300) {
        throw new FetchError(`llm: unable to complete at ${url} (HTTP ${response.status})`, {
          url,
          status: response.status,
          reason: 'status',
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.body.toString('utf8'));
      } catch (error) {
        throw new ParseError(`llm: unable to parse the answer from ${url} (not JSON)`, { cause: error });
      }
      const content = contentOf(parsed);
      if (content === null) {
        throw new ParseError(`llm: unable to parse the answer from ${url} (no choices[0].message.content)`);
      }
      return content;
    },
  };
}
