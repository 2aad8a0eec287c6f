// LSQ_EXTRA_STATUS_WORDS: status words a user knows to be legitimate for their account, each with the
// state it means ("Retrying:queued,Completed:succeeded"). Every word outside LeadSquared's documented
// four raises a contract violation; declaring a word here is how a person says "this one is expected".
// Parsed strictly at start, so a typo exits 2 instead of silently leaving a word undeclared.
import { DOCUMENTED_STATUS_WORDS, isDocumentedStatusWord, type ExtraStatusWord, type TaskState } from '../contract/index.ts';
import { ConfigError } from './errors.ts';

const SETTING = 'LSQ_EXTRA_STATUS_WORDS';

// `unknown` is not offered: a word declared legitimate must say what it means, or the monitor would
// poll a task it can never finish.
export const EXTRA_WORD_STATES: readonly TaskState[] = ['queued', 'processing', 'succeeded', 'failed', 'errored'];

export function parseExtraStatusWords(raw: string | undefined): ExtraStatusWord[] {
  if (raw === undefined || raw.trim() === '') return [];
  const seen = new Set<string>();
  return raw.split(',').map((entry, i) => {
    const where = `entry ${i + 1}`;
    const parts = entry.split(':');
    if (entry.trim() === '') throw new ConfigError(SETTING, `${where} is empty; give WORD:STATE entries separated by commas`);
    if (parts.length !== 2) throw new ConfigError(SETTING, `${where} ${JSON.stringify(entry.trim())} must be WORD:STATE with one colon, e.g. Retrying:queued`);
    const word = parts[0]!.trim();
    const state = parts[1]!.trim();
    if (word === '') throw new ConfigError(SETTING, `${where} has an empty word`);
    if (!EXTRA_WORD_STATES.includes(state as TaskState)) {
      throw new ConfigError(SETTING, `${where}: the state must be one of ${EXTRA_WORD_STATES.join(', ')}, got ${JSON.stringify(state)}`);
    }
    if (isDocumentedStatusWord(word)) {
      throw new ConfigError(
        SETTING,
        `${where}: ${JSON.stringify(word)} is documented already (${DOCUMENTED_STATUS_WORDS.join(', ')}, any case); list only other words`,
      );
    }
    // Words match in any letter case, so two spellings of one word would be one word with two states.
    const key = word.toLowerCase();
    if (seen.has(key)) throw new ConfigError(SETTING, `${where}: ${JSON.stringify(word)} is listed twice`);
    seen.add(key);
    return { word, state: state as TaskState };
  });
}
