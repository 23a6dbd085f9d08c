import type { Briefing, BriefingInput, ComposeOptions } from './types.js';

/** Composes a story's briefing from its sources (being written: see types.ts for the shape). */
export function composeBriefing(input: BriefingInput, options: ComposeOptions = {}): Briefing {
  void input;
  void options;
  throw new Error('write: composeBriefing is not implemented yet');
}
