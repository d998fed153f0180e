import { describe, expect, it } from 'vitest';
import { defineErrors } from './define.js';
import { errorTableProblems } from './readme-table.js';

const catalogue = defineErrors('SAMPLE', {
  FILE_UNREADABLE: { message: 'the file could not be read', retriable: false },
  REMOTE_DOWN: { message: 'the remote did not answer', retriable: true, httpStatus: 503 },
});

const readme = (rows: string[], header = '| code | retriable | HTTP | meaning |') =>
  [
    '# sample',
    '',
    '## Error codes',
    '',
    header,
    '|---|---|---|---|',
    ...rows,
    '',
    '## Next',
    '| `OTHER_CODE` | no | |',
  ].join('\n');

const good = [
  '| `SAMPLE_FILE_UNREADABLE` | no |  | the file is missing |',
  '| `SAMPLE_REMOTE_DOWN` | yes | 503 | the remote is down |',
];

describe('errorTableProblems', () => {
  it('finds nothing wrong with a table that lists every code once with its flags', () => {
    expect(errorTableProblems(readme(good), catalogue)).toEqual([]);
  });

  it('reads padded tables with capitalised headers, and no HTTP column', () => {
    const padded = [
      '| Code                     | Retriable | Meaning |',
      '| ------------------------ | --------- | ------- |',
      '| `SAMPLE_FILE_UNREADABLE` | no        | gone    |',
      '| `SAMPLE_REMOTE_DOWN`     | yes       | down    |',
    ];
    expect(errorTableProblems(`## Error codes\n\n${padded.join('\n')}\n`, catalogue)).toEqual([]);
  });

  it('names a code missing, listed twice, or not declared', () => {
    const rows = [good[1] ?? '', good[1] ?? '', '| `SAMPLE_GONE` | no |  | gone |'];
    expect(errorTableProblems(readme(rows), catalogue)).toEqual([
      'SAMPLE_REMOTE_DOWN is listed twice',
      'SAMPLE_GONE is listed but SAMPLE does not declare it',
      'SAMPLE_FILE_UNREADABLE is declared but not listed',
    ]);
  });

  it('names a wrong retriable flag, a wrong HTTP status and an empty meaning', () => {
    const rows = [
      '| `SAMPLE_FILE_UNREADABLE` | yes | 500 | |',
      '| `SAMPLE_REMOTE_DOWN` | yes | 503 | the remote is down |',
    ];
    expect(errorTableProblems(readme(rows), catalogue)).toEqual([
      'SAMPLE_FILE_UNREADABLE: retriable is "yes", declared "no"',
      'SAMPLE_FILE_UNREADABLE: HTTP is "500", declared ""',
      'SAMPLE_FILE_UNREADABLE has no meaning',
    ]);
  });

  it('says so when the section, its table or a needed column is missing', () => {
    expect(errorTableProblems('# sample\n', catalogue)).toEqual(['no "## Error codes" section']);
    expect(errorTableProblems('## Error codes\n\nNone.\n', catalogue)).toEqual([
      '"## Error codes" has no table with a "code" column',
    ]);
    const empty = defineErrors('NONE', {});
    expect(errorTableProblems('## Error codes\n\nNone of its own.\n', empty)).toEqual([]);
    expect(errorTableProblems('# none\n', empty)).toEqual(['no "## Error codes" section']);
    const noFlag = readme(good, '| code | HTTP | meaning |');
    expect(errorTableProblems(noFlag, catalogue)[0]).toBe('the table has no "retriable" column');
  });
});
