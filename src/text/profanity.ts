/**
 * Obscenities and slurs: obscenity's English list with its look-alike transformers ("f*ck",
 * "sh1t"), less the words that are also names or plain words in the news ("Dick Cheney", "Pussy
 * Riot", "cockpit", "tit for tat", "Ass." for assistant). A briefing does not pick such a sentence
 * or comment to speak for a story; the sources themselves are never changed.
 */
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

const ALSO_PLAIN_WORDS = new Set(['dick', 'cock', 'pussy', 'tit', 'ass']);

const matcher = new RegExpMatcher({
  ...englishDataset
    .removePhrasesIf((phrase) => ALSO_PLAIN_WORDS.has(phrase.metadata?.originalWord ?? ''))
    .build(),
  ...englishRecommendedTransformers,
});

/** Whether `text` holds an obscenity or a slur. */
export function isProfane(text: string): boolean {
  return matcher.hasMatch(text);
}
