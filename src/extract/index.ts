/**
 * Facts and entities with provenance (pure): `extractMentions` for one source, `extractStory`
 * for all the sources of a story. See types.ts for the port.
 */
/**
 * Bumped whenever a change to extraction finds other facts or entities in the same texts: a story
 * whose stored facts were extracted by another version is extracted again when next touched (see
 * `hashSources` in pipeline/extract.ts). 2: entities in post titles; 3: acronyms only in
 * capitals ("us" is not the US), a surname joins its person; 4: no relative dates in comments;
 * 5: no names in shouting, video ids or across "I've"; 6: role cues in comments count half;
 * 7: "The", "New", "Last" open a name inside a sentence, and Title Case is told from name-dense
 * sentence case (all 2026-12-06).
 */
export const EXTRACTION_VERSION = 7;

export { canonicalKey } from './gazetteer.js';
export { extractMentions } from './mentions.js';
export { DEFAULT_ROLES } from './roles.js';
export { extractStory, mergeKey, type StoryOptions } from './story.js';
