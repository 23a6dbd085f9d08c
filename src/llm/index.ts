export { parseJsonAnswer, stripReasoning } from './answer.js';
export {
  chatCompletionsUrl,
  createOpenAiCompatibleLlm,
  type OpenAiCompatibleOptions,
} from './openai-compatible.js';
export type { ChatMessage, CompleteOptions, Llm } from './types.js';
