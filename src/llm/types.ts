/**
 * The language-model port: what the optional model writer calls. Vendor protocols stay in the
 * adapters (openai-compatible.ts). No other part of roundup needs a model.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** Ask for a JSON object (the answer is still checked: models ignore JSON mode). */
  json?: boolean;
  maxTokens?: number;
  /** Default 0: the writer wants the most likely wording, not variety. */
  temperature?: number;
}

export interface Llm {
  /**
   * Which model writes, and where it is served ("llama3.1@http://127.0.0.1:11434/v1"): part of
   * what a story's briefing is written from, so a change of model writes the briefings again.
   */
  readonly id: string;
  /**
   * The model's answer as text. Rejects with FetchError (timeouts, refused connections, 5xx) or
   * ParseError (a response that is not a chat completion).
   */
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<string>;
}
