import { describe, expect, it } from 'vitest';
import { characterGrams, gramToken } from '../core/engine/sqlite/character-grams.js';

describe('the character-gram index of short terms', () => {
  it('holds every character and adjacent pair of letters and digits, once, lower-cased', () => {
    expect(characterGrams('支持5G，专利专利')).toBe('支 支持 持 持5 5 5g g 专 专利 利 利专');
  });

  it('never pairs a character with punctuation or a space, which the tokenizer would split', () => {
    expect(characterGrams('园区 港、澳')).toBe('园 园区 区 港 澳');
  });

  it('looks up one- and two-character terms as one token, case-folded like the text', () => {
    expect(gramToken('专利')).toBe('专利');
    expect(gramToken('园')).toBe('园');
    expect(gramToken('5G')).toBe('5g');
  });

  it('leaves longer terms to the trigram index and terms with punctuation to a text scan', () => {
    expect(gramToken('知识产权')).toBeNull();
    expect(gramToken('，')).toBeNull();
    expect(gramToken('港、')).toBeNull();
    expect(gramToken('')).toBeNull();
  });
});
