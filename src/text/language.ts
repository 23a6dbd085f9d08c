import { franc } from 'franc-min';

/** franc-min answers in ISO 639-3; roundup speaks ISO 639-1 (what stopwords-iso is keyed by). */
const ISO_639_3_TO_1: Readonly<Record<string, string>> = {
  amh: 'am',
  arb: 'ar',
  azj: 'az',
  bel: 'be',
  ben: 'bn',
  bos: 'bs',
  bul: 'bg',
  ces: 'cs',
  ckb: 'ku',
  cmn: 'zh',
  deu: 'de',
  ell: 'el',
  eng: 'en',
  fra: 'fr',
  fuv: 'ff',
  guj: 'gu',
  hau: 'ha',
  hin: 'hi',
  hrv: 'hr',
  hun: 'hu',
  ibo: 'ig',
  ind: 'id',
  ita: 'it',
  jav: 'jv',
  jpn: 'ja',
  kan: 'kn',
  kaz: 'kk',
  kin: 'rw',
  kor: 'ko',
  lin: 'ln',
  mal: 'ml',
  mar: 'mr',
  mya: 'my',
  nld: 'nl',
  npi: 'ne',
  nya: 'ny',
  pan: 'pa',
  pbu: 'ps',
  pes: 'fa',
  plt: 'mg',
  pol: 'pl',
  por: 'pt',
  qug: 'qu',
  ron: 'ro',
  run: 'rn',
  rus: 'ru',
  sin: 'si',
  som: 'so',
  spa: 'es',
  srp: 'sr',
  sun: 'su',
  swe: 'sv',
  swh: 'sw',
  tam: 'ta',
  tel: 'te',
  tgl: 'tl',
  tha: 'th',
  tur: 'tr',
  ukr: 'uk',
  urd: 'ur',
  uzn: 'uz',
  vie: 'vi',
  yor: 'yo',
  zlm: 'ms',
  zul: 'zu',
  zyb: 'za',
};

/** Below this many characters trigram statistics say little; franc's own default is 10. */
const DEFAULT_MIN_LENGTH = 20;

export interface DetectLanguageOptions {
  /** Shorter texts are 'und' (default 20 characters). */
  minLength?: number;
}

/**
 * The language of a text as an ISO 639-1 code ('en', 'de' …), or 'und' when the text is too
 * short or franc's answer has no two-letter code.
 */
export function detectLanguage(text: string, options: DetectLanguageOptions = {}): string {
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  const trimmed = text.trim();
  if (trimmed.length < minLength) return 'und';
  const code = franc(trimmed, { minLength });
  return ISO_639_3_TO_1[code] ?? 'und';
}
