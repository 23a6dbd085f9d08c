import stopwordsIso from 'stopwords-iso' with { type: 'json' };

/**
 * stopwords-iso's English list is generous and carries words that name things in the news
 * (it lists "microsoft", "netscape", "billion" …); these stay content words here.
 */
const ENGLISH_KEEP = new Set([
  'ai',
  'uk',
  'buy',
  'fix',
  'low',
  'man',
  'men',
  'cry',
  'gov',
  'big',
  'old',
  'won',
  'wed',
  'run',
  'ran',
  'top',
  'microsoft',
  'netscape',
  'billion',
  'million',
  'trillion',
  'thousand',
  'hundred',
  'computer',
  'research',
  'invention',
  'information',
  'problem',
  'problems',
  'announce',
  'members',
  'website',
  'webpage',
  'homepage',
  'interest',
  'interests',
  'opening',
  'results',
  'changes',
  'backing',
  'caption',
  'section',
  'numbers',
  'younger',
  'youngest',
  'greatest',
  'highest',
  'ordered',
  'welcome',
  'working',
  'downing',
  'serious',
  'significant',
  'important',
]);

const lists = stopwordsIso as unknown as Record<string, string[]>;
const cache = new Map<string, ReadonlySet<string>>();

/**
 * The stopwords of a language (ISO 639-1), English when the language is unknown ('und') or has
 * no list. Entries holding a digit are dropped: numbers are content here.
 */
export function stopwordsFor(language = 'en'): ReadonlySet<string> {
  const key = language in lists && language !== 'und' ? language : 'en';
  let set = cache.get(key);
  if (!set) {
    const words = (lists[key] ?? []).filter((word) => !/\d/.test(word));
    const kept = key === 'en' ? words.filter((word) => !ENGLISH_KEEP.has(word)) : words;
    // Lists spell contractions with an apostrophe; tokens have none ("don't" → "dont").
    set = new Set([...kept, ...kept.map((word) => word.replaceAll("'", ''))]);
    cache.set(key, set);
  }
  return set;
}

export function isStopword(token: string, language = 'en'): boolean {
  return stopwordsFor(language).has(token);
}
