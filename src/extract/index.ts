/**
 * Facts and entities with provenance (pure): `extractMentions` for one source, `extractStory`
 * for all the sources of a story. See types.ts for the port.
 */
/**
 * Bumped whenever a change to extraction finds other facts or entities in the same texts: a story
 * whose stored facts were extracted by another version is extracted again when next touched (see
 * `hashSources` in pipeline/extract.ts). 2 (2026-12-06): entities in post titles and comments
 * (Title Case, post kinds, acronyms only in capitals, initials, particles, name openers, a surname
 * joins its person), no relative dates in comments, role cues in comments count half.
 */
export const EXTRACTION_VERSION = 2;

export { canonicalKey } from './gazetteer.js';
export { extractMentions } from './mentions.js';
export { DEFAULT_ROLES } from './roles.js';
export { extractStory, mergeKey, type StoryOptions } from './story.js';
