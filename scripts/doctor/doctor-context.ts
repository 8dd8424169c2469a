import type { BrokerSelection } from './broker-selection.js';
import type { Probe } from './probe.js';

/** What every check is given: the machine, the brokers asked for, and the Node range package.json declares. */
export interface DoctorContext {
  probe: Probe;
  selection: BrokerSelection;
  nodeEngines: string;
}
