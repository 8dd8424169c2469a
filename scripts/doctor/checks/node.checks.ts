import type { DoctorContext } from '../doctor-context.js';
import { COMMANDS, type Finding } from '../finding.js';
import { satisfiesMinimum } from '../versions.js';

/** Every lane runs on 20.20; npm run test:node24 runs the unit and RabbitMQ e2e lanes on 24. */
const TESTED = 'tested: 20.20; 24 with npm run test:node24';
const INSTALL_NODE = [
  'curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -',
  "sudo apt-get install -y nodejs   # NodeSource's package; Debian's own nodejs is too old",
];

export function nodeFindings({ probe, nodeEngines }: DoctorContext): Finding[] {
  const fits = satisfiesMinimum(probe.nodeVersion, nodeEngines);
  const npmVersion = probe.output('npm', ['-v'])?.trim();
  const nodeModulesProblem = probe.nodeModulesProblem();
  return [
    {
      prerequisite: `Node.js ${nodeEngines}`,
      status: fits === false ? 'missing' : 'ok',
      found: `${probe.nodeVersion}${fits === false ? ', too old' : ''} (${TESTED})`,
      neededBy: COMMANDS,
      why: 'runs everything',
      install: INSTALL_NODE,
      docker: 'docker compose up --build (the images run Node 24)',
    },
    {
      prerequisite: 'npm',
      status: npmVersion ? 'ok' : 'missing',
      found: npmVersion ?? 'not on PATH',
      neededBy: COMMANDS,
      why: 'installs the dependencies and runs the scripts',
      install: INSTALL_NODE,
    },
    {
      prerequisite: 'node_modules',
      status: nodeModulesProblem ? 'missing' : 'ok',
      found: nodeModulesProblem ?? 'installed, better-sqlite3 built for this Node',
      neededBy: COMMANDS,
      why: 'the dependencies, the SNS/SQS emulator (fauxqs) and the SQLite driver',
      install: [
        'npm ci',
        '# better-sqlite3 is compiled when no prebuilt binary can be fetched: sudo apt-get install -y python3 make g++',
        '# after switching Node versions: npm rebuild better-sqlite3',
      ],
    },
  ];
}
