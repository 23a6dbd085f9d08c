/** The writer: compose a grounded briefing from a story's sources, check it, render it. */
export { composeBriefing, DEFAULT_SUMMARY_WORDS } from './compose.js';
export {
  briefingStatements,
  checkGrounding,
  findUnsupported,
  type GroundingFailure,
  type GroundingResult,
} from './ground.js';
export { renderBriefing } from './render.js';
export { escapeHtml, renderBriefingHtml } from './render-html.js';
export { renderBriefingJson, toBriefingJson } from './render-json.js';
export { escapeMarkdown, renderBriefingMarkdown } from './render-markdown.js';
export type * from './types.js';
export { BRIEFING_DISCLAIMER, BRIEFING_FORMAT, WRITER_VERSION } from './types.js';
