/**
 * Facts and entities with provenance (pure): `extractMentions` for one source, `extractStory`
 * for all the sources of a story. See types.ts for the port.
 */
export { canonicalKey } from './gazetteer.js';
export { extractMentions } from './mentions.js';
export { DEFAULT_ROLES } from './roles.js';
export { extractStory, mergeKey, type StoryOptions } from './story.js';
