/**
 * The optional model writer: turns each prose section's extractive sentences into fluent prose,
 * using only those sentences and the key facts, with citations [n]. Every sentence the model
 * writes replaces one draft sentence and must cite sources given for the section (at least one
 * of the draft's own) and pass the grounding check against the sources it cites; otherwise the
 * extractive sentence stays. A section whose request fails (timeout, HTTP error, an answer that
 * is not the JSON asked for) stays extractive as a whole.
 */

import { errorMessage } from '../errors.js';
import type { SourceText } from '../extract/types.js';
import { parseJsonAnswer } from '../llm/answer.js';
import type { ChatMessage, Llm } from '../llm/types.js';
import type { Log } from '../log.js';
import { checkGrounding, factCell, findUnsupported } from './ground.js';
import type { Briefing, BriefingSection, CitedSentence } from './types.js';

export interface RewriteOptions {
  log?: Log;
  maxTokens?: number;
}

const MAX_SENTENCE_CHARS = 600;

const SYSTEM_PROMPT = [
  'You edit sections of a news briefing. You get numbered draft sentences, each quoted from a source and',
  'followed by the numbers [n] of the sources it cites, and the key facts with their sources.',
  'Rewrite each draft sentence as one clear, fluent sentence for a general reader.',
  'Rules: use only what the drafts and facts say; never add a number, date, name or claim that is not in',
  'them; keep opinions attributed; cite with the source numbers given, never others.',
  'Answer with one JSON object and nothing else:',
  '{"sentences": [{"id": <draft number>, "text": "<your sentence>", "citations": [<n>, ...]}]}',
  'Leave out any draft you cannot improve.',
].join('\n');

function citeList(citations: readonly number[]): string {
  return citations.map((n) => `[${n}]`).join('');
}

function promptFor(section: BriefingSection, briefing: Briefing): ChatMessage[] {
  const drafts = section.sentences.map((s, i) => `${i + 1}. ${s.text} ${citeList(s.citations)}`);
  const facts = briefing.facts.map((f) => `- ${f.label}: ${factCell(f)} ${citeList(f.citations)}`);
  const user = [
    `Section: ${section.title}`,
    `Headline: ${briefing.headline}`,
    '',
    'Draft sentences:',
    ...drafts,
    ...(facts.length > 0 ? ['', 'Key facts:', ...facts] : []),
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

interface Proposal {
  id: number;
  text: string;
  citations: number[];
}

/** The proposals in a model's answer; malformed entries are dropped. */
function proposalsOf(answer: string): Proposal[] | null {
  const json = parseJsonAnswer(answer);
  const list = json?.sentences;
  if (!Array.isArray(list)) return null;
  const out: Proposal[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const { id, text, citations } = item as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isInteger(id) || typeof text !== 'string') continue;
    const inline = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const listed = Array.isArray(citations) ? citations.filter((n): n is number => Number.isInteger(n)) : [];
    const clean = text
      .replace(/\s*\[\d+\]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    out.push({ id, text: clean, citations: [...new Set([...listed, ...inline])].sort((a, b) => a - b) });
  }
  return out;
}

/** Why a proposal is refused, or null when it may replace its draft. */
function refusal(
  proposal: Proposal,
  draft: CitedSentence,
  allowed: ReadonlySet<number>,
  sourceOf: (n: number) => SourceText | undefined,
): string | null {
  if (proposal.text === '' || proposal.text.length > MAX_SENTENCE_CHARS) return 'empty or too long';
  if (proposal.citations.length === 0) return 'no citations';
  if (proposal.citations.some((n) => !allowed.has(n))) return 'cites a source not given';
  if (!proposal.citations.some((n) => draft.citations.includes(n))) return "does not cite the draft's source";
  const cited = proposal.citations.flatMap((n) => sourceOf(n) ?? []);
  const unsupported = findUnsupported(proposal.text, cited, 'prose');
  if (unsupported.length > 0)
    return `unsupported ${unsupported.map((u) => `${u.reason} "${u.token}"`).join(', ')}`;
  return null;
}

/** The briefing with model-written prose where it passes the checks, extractive text elsewhere. */
export async function rewriteWithModel(
  briefing: Briefing,
  sources: readonly SourceText[],
  llm: Llm,
  options: RewriteOptions = {},
): Promise<Briefing> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const byNumber = new Map(briefing.sources.map((s) => [s.n, byId.get(s.id)]));
  const sourceOf = (n: number) => byNumber.get(n);
  const factCitations = briefing.facts.flatMap((f) => f.citations);
  const sections: BriefingSection[] = [];
  for (const section of briefing.sections) {
    sections.push(await rewriteSection(section));
  }
  const rewritten: Briefing = { ...briefing, sections };
  rewritten.grounded = checkGrounding(rewritten, sources).grounded;
  return rewritten;

  async function rewriteSection(section: BriefingSection): Promise<BriefingSection> {
    if (section.sentences.length === 0) return section;
    let answer: string;
    try {
      answer = await llm.complete(promptFor(section, briefing), {
        json: true,
        temperature: 0,
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      });
    } catch (error) {
      options.log?.warn(
        { section: section.id, error: errorMessage(error) },
        'model writer failed; extractive kept',
      );
      return section;
    }
    const proposals = proposalsOf(answer);
    if (proposals === null) {
      options.log?.warn(
        { section: section.id, answer: answer.slice(0, 200) },
        'model answer not JSON; extractive kept',
      );
      return section;
    }
    const allowed = new Set([...section.sentences.flatMap((s) => s.citations), ...factCitations]);
    const sentences = section.sentences.map((draft, index): CitedSentence => {
      const proposal = proposals.find((p) => p.id === index + 1);
      if (!proposal) return draft;
      const reason = refusal(proposal, draft, allowed, sourceOf);
      if (reason !== null) {
        options.log?.info(
          { section: section.id, sentence: proposal.text, reason },
          'model sentence rejected',
        );
        return draft;
      }
      return { text: proposal.text, citations: proposal.citations, rephrased: true };
    });
    return { ...section, sentences };
  }
}
