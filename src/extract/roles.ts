/**
 * Roles ("lanes") of the organisations in a story. The taxonomy is configurable; the default has
 * five roles. An organisation's role comes from the relations it takes part in (the investor in
 * an investment, the government in a cooperation, the supplier of GPUs to a partner), from what
 * it is (a ministry, a university, an exchange, a chip maker in the gazetteer) and from cue words
 * near its mentions, each with the evidence that gave it.
 */
import type { RoleDefinition } from './types.js';

export const DEFAULT_ROLES: RoleDefinition[] = [
  {
    id: 'platform',
    label: 'platform / decision-maker',
    cues: [
      'announced',
      'will invest',
      'plans to',
      'pledged',
      'committed',
      'strategy',
      'platform',
      'customers',
    ],
  },
  {
    id: 'compute',
    label: 'compute & hardware provider',
    cues: [
      'data centre',
      'data centres',
      'data center',
      'data centers',
      'gpu',
      'gpus',
      'cloud',
      'chip',
      'chips',
      'semiconductor',
      'compute',
      'servers',
      'capacity',
      'supercomputer',
      'fab',
      'fabs',
      'hardware',
      'racks',
      'power',
      'cable',
    ],
  },
  {
    id: 'talent',
    label: 'talent & education',
    cues: [
      'training',
      'train',
      'students',
      'university',
      'education',
      'skills',
      'skilling',
      'academy',
      'courses',
      'curriculum',
      'researchers',
    ],
  },
  {
    id: 'government',
    label: 'government & regulator',
    cues: [
      'government',
      'ministry',
      'minister',
      'regulator',
      'subsidy',
      'subsidies',
      'policy',
      'state aid',
      'public sector',
      'mou',
      'memorandum',
    ],
  },
  {
    id: 'investor',
    label: 'investor & market',
    cues: [
      'shares',
      'stock',
      'investors',
      'analysts',
      'exchange',
      'fund',
      'valuation',
      'price target',
      'limit-up',
      'trading',
      'funding round',
      'stake',
    ],
  },
];

/** Which default role a relation part or an entity type points to. */
export const PART_ROLES: Record<string, string> = {
  investor: 'platform',
  financial_investor: 'investor',
  government: 'government',
  university: 'talent',
  exchange: 'investor',
  market: 'investor',
  supplier: 'compute',
  target: 'platform',
  training: 'talent',
};

export interface RoleScore {
  roleId: string;
  score: number;
  reason: string;
  /** Index into the caller's list of sentence spans, or -1. */
  sentence: number;
}

/** Picks the role with the highest total score (ties: the taxonomy order), or null under `minScore`. */
export function chooseRole(
  scores: RoleScore[],
  roles: RoleDefinition[],
  minScore = 1,
): RoleDefinition | null {
  let best: RoleDefinition | null = null;
  let bestScore = 0;
  for (const role of roles) {
    const total = scores.filter((s) => s.roleId === role.id).reduce((sum, s) => sum + s.score, 0);
    if (total > bestScore) {
      best = role;
      bestScore = total;
    }
  }
  return bestScore >= minScore ? best : null;
}

/** Cue phrases of `roles` found in `window` (lower-case text), as [roleId, cue] pairs. */
export function cuesIn(window: string, roles: RoleDefinition[]): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const role of roles) {
    for (const cue of role.cues) {
      const needle = cue.toLowerCase();
      let at = window.indexOf(needle);
      while (at !== -1) {
        const before = at === 0 ? ' ' : window.charAt(at - 1);
        const after = window.charAt(at + needle.length) || ' ';
        if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) {
          found.push([role.id, cue]);
          break;
        }
        at = window.indexOf(needle, at + 1);
      }
    }
  }
  return found;
}
