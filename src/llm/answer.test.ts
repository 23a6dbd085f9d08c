import { describe, expect, it } from 'vitest';
import { parseJsonAnswer, stripReasoning } from './answer.js';

describe('parseJsonAnswer', () => {
  it('reads a plain JSON object', () => {
    expect(parseJsonAnswer('{"sentences":[]}')).toEqual({ sentences: [] });
  });

  it('reads JSON fenced as ```json after a <think> block', () => {
    const answer =
      '<think>The user wants {"x": 1}? Let me think.</think>\nHere you go:\n```json\n{"sentences":[{"id":1}]}\n```';
    expect(parseJsonAnswer(answer)).toEqual({ sentences: [{ id: 1 }] });
  });

  it('reads an object with prose around it and braces inside strings', () => {
    expect(parseJsonAnswer('Sure! {"text":"a } b","n":2} Hope this helps.')).toEqual({ text: 'a } b', n: 2 });
  });

  it('gives null for nonsense, arrays and unfinished reasoning', () => {
    expect(parseJsonAnswer('The sky is green and Microsoft is a fish.')).toBeNull();
    expect(parseJsonAnswer('[1,2,3]')).toBeNull();
    expect(parseJsonAnswer('<think>I will answer {"sentences": []} once I')).toBeNull();
    expect(parseJsonAnswer('{"sentences": [')).toBeNull();
  });

  it('drops a reasoning block whose opening tag the server removed', () => {
    expect(stripReasoning('thinking about it...</think>{"a":1}')).toBe('{"a":1}');
  });
});
