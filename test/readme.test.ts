/**
 * The README is the newcomer's manual: it opens with the two commands, and documents every setting
 * the config module accepts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR, SETTINGS } from '../core/config.js';

const readme = readFileSync(path.join(ROOT_DIR, 'README.md'), 'utf8');

describe('README', () => {
  it('opens with the start command and the test command', () => {
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it.each(Object.keys(SETTINGS))('documents the %s setting in the configuration table', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('calls exactly the README test command from CI', () => {
    const ci = readFileSync(path.join(ROOT_DIR, '.ci', 'run'), 'utf8');
    expect(ci.split('\n').filter((line) => /^npm (test|run test)\b/.test(line))).toEqual(['npm test']);
  });
});
