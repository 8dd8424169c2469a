/**
 * Published advisories against packages this lockfile holds (or held), read from the GitHub advisory
 * database by hand since `npm audit` cannot reach an advisory service from the build machine.
 * Each range is `introduced <= version < fixed`, one per release line the maintainers patched.
 * Add an entry when an advisory appears; the check fails while any installed version is inside one.
 */
export interface KnownAdvisory {
  id: string;
  packageName: string;
  summary: string;
  vulnerable: Array<{ introduced: string; fixed: string }>;
}

export const KNOWN_ADVISORIES: readonly KnownAdvisory[] = [
  {
    id: 'GHSA-w5hq-g745-h8pq',
    packageName: 'uuid',
    summary: 'missing buffer bounds check in v3/v5/v6 when buf is provided (cloudevents pulls uuid in)',
    vulnerable: [
      { introduced: '0.0.0', fixed: '11.1.1' },
      { introduced: '12.0.0', fixed: '12.0.1' },
      { introduced: '13.0.0', fixed: '13.0.1' },
    ],
  },
  {
    id: 'GHSA-6rw7-vpxm-498p',
    packageName: 'qs',
    summary: 'arrayLimit bypass in bracket notation: memory exhaustion',
    vulnerable: [{ introduced: '0.0.0', fixed: '6.14.1' }],
  },
  {
    id: 'GHSA-w7fw-mjwx-w883',
    packageName: 'qs',
    summary: 'arrayLimit bypass in comma parsing',
    vulnerable: [{ introduced: '6.7.0', fixed: '6.14.2' }],
  },
  {
    id: 'GHSA-x5fp-wj9c-mxmx',
    packageName: 'qs',
    summary: 'arrayLimit bypass via bracket-key comma parsing',
    vulnerable: [{ introduced: '6.7.0', fixed: '6.16.0' }],
  },
  {
    id: 'GHSA-72gw-mp4g-v24j',
    packageName: 'multer',
    summary: 'denial of service via deeply nested field names',
    vulnerable: [{ introduced: '0.0.0', fixed: '2.2.0' }],
  },
  {
    id: 'GHSA-3p4h-7m6x-2hcm',
    packageName: 'multer',
    summary: 'incomplete cleanup of aborted uploads',
    vulnerable: [{ introduced: '0.0.0', fixed: '2.2.0' }],
  },
  {
    id: 'GHSA-j3q9-mxjg-w52f',
    packageName: 'path-to-regexp',
    summary: 'ReDoS via sequential optional groups',
    vulnerable: [{ introduced: '8.0.0', fixed: '8.4.0' }],
  },
  {
    id: 'GHSA-27v5-c462-wpq7',
    packageName: 'path-to-regexp',
    summary: 'ReDoS via multiple wildcards',
    vulnerable: [{ introduced: '8.0.0', fixed: '8.4.0' }],
  },
  {
    id: 'GHSA-37ch-88jc-xwx2',
    packageName: 'path-to-regexp',
    summary: 'ReDoS in the 0.1 line',
    vulnerable: [{ introduced: '0.1.0', fixed: '0.1.13' }],
  },
  {
    id: 'GHSA-3ppc-4f35-3m26',
    packageName: 'minimatch',
    summary: 'ReDoS via repeated wildcards with a non-matching literal',
    vulnerable: [
      { introduced: '0.0.0', fixed: '3.1.3' },
      { introduced: '4.0.0', fixed: '4.2.4' },
      { introduced: '5.0.0', fixed: '5.1.7' },
      { introduced: '6.0.0', fixed: '6.2.1' },
      { introduced: '7.0.0', fixed: '7.4.7' },
      { introduced: '8.0.0', fixed: '8.0.5' },
      { introduced: '9.0.0', fixed: '9.0.6' },
      { introduced: '10.0.0', fixed: '10.2.1' },
    ],
  },
  {
    id: 'GHSA-mh99-v99m-4gvg',
    packageName: 'brace-expansion',
    summary: 'unbounded expansion length: out-of-memory crash',
    vulnerable: [
      { introduced: '0.0.0', fixed: '1.1.17' },
      { introduced: '2.0.0', fixed: '2.1.3' },
      { introduced: '3.0.0', fixed: '3.0.3' },
      { introduced: '4.0.0', fixed: '5.0.8' },
    ],
  },
  {
    id: 'GHSA-c2c7-rcm5-vvqj',
    packageName: 'picomatch',
    summary: 'ReDoS via extglob quantifiers',
    vulnerable: [
      { introduced: '0.0.0', fixed: '2.3.2' },
      { introduced: '3.0.0', fixed: '3.0.2' },
      { introduced: '4.0.0', fixed: '4.0.4' },
    ],
  },
  {
    id: 'GHSA-2w6w-674q-4c4q',
    packageName: 'handlebars',
    summary: 'code execution via a crafted AST in compile()',
    vulnerable: [{ introduced: '0.0.0', fixed: '4.7.9' }],
  },
  {
    id: 'GHSA-pq67-2wwv-3xjx',
    packageName: 'tar-fs',
    summary: 'link following and path traversal when extracting a crafted tar file',
    vulnerable: [
      { introduced: '0.0.0', fixed: '1.16.4' },
      { introduced: '2.0.0', fixed: '2.1.2' },
      { introduced: '3.0.0', fixed: '3.0.7' },
    ],
  },
  {
    id: 'GHSA-8cj5-5rvv-wf4v',
    packageName: 'tar-fs',
    summary: 'path traversal via crafted tar file',
    vulnerable: [{ introduced: '2.0.0', fixed: '2.1.3' }],
  },
];
