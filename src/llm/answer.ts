/**
 * Reading what models answer. Local models often wrap JSON in ```json fences, put their
 * reasoning first in <think>…</think>, add a sentence before or after the object, or ignore JSON
 * mode altogether; these are undone here, and anything else is not JSON (null).
 */

/** The answer without reasoning blocks (<think>, <thinking>, <reasoning>, closed or not). */
export function stripReasoning(text: string): string {
  let answer = text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '');
  // A block left open (the model ran out of tokens) or a closing tag without its opening one
  // (some servers strip the opening tag): everything up to the last closing tag is reasoning.
  const close = answer.search(/<\/(?:think|thinking|reasoning)>(?![\s\S]*<\/(?:think|thinking|reasoning)>)/i);
  if (close >= 0) answer = answer.slice(answer.indexOf('>', close) + 1);
  if (/^\s*<(?:think|thinking|reasoning)>/i.test(answer)) return '';
  return answer.trim();
}

/** The first balanced {…} in a text, quotes and escapes respected, or null. */
function firstObject(text: string): string | null {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    let escaped = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          const candidate = text.slice(start, i + 1);
          try {
            JSON.parse(candidate);
            return candidate;
          } catch {
            break; // not JSON from this brace: try the next one
          }
        }
      }
    }
  }
  return null;
}

/** The JSON object a model answered with, or null when there is none. */
export function parseJsonAnswer(text: string): Record<string, unknown> | null {
  const answer = stripReasoning(text);
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(answer);
  for (const candidate of [fenced?.[1], answer]) {
    if (candidate === undefined) continue;
    const object = firstObject(candidate);
    if (object === null) continue;
    const value: unknown = JSON.parse(object);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  }
  return null;
}
