export { composeBriefing } from './compose.js';
export type * from './types.js';
export { BRIEFING_DISCLAIMER, BRIEFING_FORMAT } from './types.js';
