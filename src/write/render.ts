import { renderBriefingHtml } from './render-html.js';
import { renderBriefingJson } from './render-json.js';
import { renderBriefingMarkdown } from './render-markdown.js';
import type { Briefing, BriefingFormat } from './types.js';

/** The briefing in one of its published forms (`roundup brief --format md|json|html`). */
export function renderBriefing(briefing: Briefing, format: BriefingFormat): string {
  switch (format) {
    case 'md':
      return renderBriefingMarkdown(briefing);
    case 'json':
      return renderBriefingJson(briefing);
    case 'html':
      return renderBriefingHtml(briefing, { standalone: true });
  }
}
