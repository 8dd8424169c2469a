import { parse, Scalar, YAMLSeq } from 'yaml';
import { camelCase, type EventNames, eventNames } from './names.js';
import type { Workspace } from './workspace.js';
import { YamlLines } from './yaml-lines.js';

const PATH = 'docs/asyncapi.yaml';

type Node = Record<string, unknown>;
const copy = <T>(value: T): T => structuredClone(value);
const ref = (path: string) => ({ $ref: `#/${path}` });

/** A sequence written `[a, b]`, as the document writes short lists. */
function flow(items: string[]): YAMLSeq {
  const sequence = new YAMLSeq();
  sequence.items = items.map((item) => new Scalar(item));
  sequence.flow = true;
  return sequence;
}

/** A string written in quotes, as the document writes times (which YAML 1.1 would read as timestamps). */
function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

/** The broker names of one event type and one service, as libs/messaging gives them. */
export interface TopologyNames {
  snsTopicName(type: string): string;
  deadLetterTopic(type: string): string;
  deadLetterQueue(service: string): string;
  sqsDeadLetterQueue(service: string): string;
}

/**
 * docs/asyncapi.yaml, extended as the code's topology grows: an event's channel, message and schemas,
 * a service's queue and dead-letter destinations, and who publishes and receives what. New entries
 * copy the shape of the existing ones (their bindings, their order) and go next to them; what is not
 * touched stays as written by hand.
 */
export class AsyncApiDocument {
  private readonly lines: YamlLines;
  private readonly current: { channels: Record<string, Node>; operations: Record<string, Node>; components: Node };

  constructor(
    private readonly workspace: Workspace,
    private readonly names: TopologyNames,
  ) {
    const text = workspace.read(PATH);
    this.lines = new YamlLines(text, PATH);
    this.current = parse(text);
  }

  save(): void {
    this.workspace.edit(PATH, () => this.lines.toString());
  }

  /** The example data of a type's first example, and its subject, to build test events from. */
  example(type: string): { source: string; subject: string; data: unknown } {
    const message = this.messages[eventNames(type).id] as { examples?: Array<{ payload: Node }> } | undefined;
    const payload = message?.examples?.[0]?.payload;
    if (!payload) throw new Error(`${PATH}: ${type} has no example message to build its e2e test from`);
    return { source: String(payload.source), subject: String(payload.subject), data: payload.data };
  }

  addService(service: string, description: string): void {
    this.lines.addToSequence(['info', 'tags'], { name: service, description });
    const id = camelCase(service);
    const queue = this.names.deadLetterQueue(service);
    this.addChannel(`${id}DeadLetters`, (_, channel) => isQueue(channel, '.dlq'), {
      address: queue,
      title: queue,
      description: `RabbitMQ only. What ${service} could not process, with the reason.`,
      servers: [ref('servers/rabbitmq')],
      messages: {
        deadLetter: ref('components/messages/amqpDeadLetter'),
        rejectedByBroker: ref('components/messages/amqpRejectedByBroker'),
      },
      bindings: { amqp: { ...this.queueBinding(queue), bindingVersion: '0.3.0' } },
    });
    this.addOperation(`${id}DeadLetters`, /ServiceDeadLetters$/, {
      action: 'send',
      title: `${service} dead-letters to its queue`,
      channel: ref(`channels/${id}DeadLetters`),
      messages: [ref(`channels/${id}DeadLetters/messages/deadLetter`)],
      tags: [{ name: service }],
      bindings: { amqp: { deliveryMode: 2, bindingVersion: '0.3.0' } },
    });
  }

  /** A new event type, published by `publisher`, whose data has the JSON Schema `data`. */
  addEvent(type: string, publisher: string, summary: string, data: Node, example: Node): void {
    const event = eventNames(type);
    const template = this.firstEventChannel();
    const bindings = copy(template.bindings) as Record<string, Node>;
    bindings.kafka.topic = type;
    bindings.sns.name = this.names.snsTopicName(type);
    this.addChannel(event.id, isEventChannel, {
      address: type,
      title: type,
      description:
        `Kafka topic \`${type}\`; on RabbitMQ, routing key \`${type}\` on the exchange \`events\`; on SNS/SQS, ` +
        `SNS topic \`${this.names.snsTopicName(type)}\`.`,
      messages: { [event.id]: ref(`components/messages/${event.id}`) },
      bindings,
    });
    const message = copy(this.messages[this.firstEventMessageId()]) as Node & { bindings: Record<string, Node> };
    message.bindings.amqp.messageType = type;
    (message.bindings.kafka.key as Node).description =
      "The event's subject, so that one subject's events stay in one partition, in order.";
    this.lines.addToMap(
      ['components', 'messages'],
      event.id,
      {
        ...message,
        name: type,
        title: sentence(type),
        summary,
        payload: ref(`components/schemas/${event.contract}Event`),
        examples: [{ name: type.split('.').at(-1), payload: examplePayload(type, publisher, example) }],
      },
      { after: this.firstEventMessageId(true), blankLine: true },
    );
    const schemas = this.current.components.schemas as Record<string, Node>;
    this.lines.addToMap(
      ['components', 'schemas'],
      `${event.contract}Event`,
      {
        allOf: [
          ref('components/schemas/CloudEvent'),
          {
            type: 'object',
            properties: {
              type: { const: type },
              source: { const: `/${publisher}` },
              subject: { format: 'uuid' },
              data: ref(`components/schemas/${event.contract}Data`),
            },
          },
        ],
      },
      { after: lastKey(schemas, (key) => key.endsWith('Event') && key !== 'CloudEvent'), blankLine: true },
    );
    const required = (data.required as string[] | undefined) ?? [];
    this.lines.addToMap(
      ['components', 'schemas'],
      `${event.contract}Data`,
      { ...data, required: flow(required) },
      {
        after: lastKey(schemas, (key) => key.endsWith('Data')),
        blankLine: true,
      },
    );
    this.lines.addToMap(['channels', 'unrouted', 'messages'], event.id, ref(`components/messages/${event.id}`));
  }

  /** `service` publishes `type` to `subscribers`. */
  addPublication(service: string, type: string, summary: string, subscribers: string[]): void {
    const event = eventNames(type);
    const template = copy(this.operations[firstKey(this.operations, (key) => key.startsWith('publish'))]) as Node & {
      bindings: Record<string, Node>;
    };
    (template.bindings.kafka.clientId as Node).enum = flow([service]);
    this.addOperation(`publish${event.contract}`, /^publish/, {
      ...template,
      title: `${service} publishes ${type}`,
      summary,
      channel: ref(`channels/${event.id}`),
      messages: [ref(`channels/${event.id}/messages/${event.id}`)],
      tags: [{ name: service }],
      bindings: { ...withoutDelivery(template.bindings), ...this.deliveryTo(type, subscribers) },
    });
  }

  /**
   * `service` consumes `type`: its queue (made on its first consumption) bound to the type, the
   * receiving and dead-lettering operations, and the publisher's operation delivering to it too.
   */
  addConsumption(service: string, type: string, subscribers: string[]): void {
    const event = eventNames(type);
    const id = camelCase(service);
    if (!this.lines.has(['channels', `${id}Queue`])) this.addQueue(service);
    this.lines.addToMap(['channels', `${id}Queue`, 'messages'], event.id, ref(`components/messages/${event.id}`));
    this.lines.addToSequence(['channels', `${id}Queue`, 'bindings', 'amqp', 'x-bindings'], {
      exchange: 'events',
      routingKey: type,
    });
    this.addDeadLetterTopic(event, subscribers);
    const receive = copy(this.operations[firstKey(this.operations, (key) => /Receives/.test(key))]) as Node & {
      bindings: Record<string, Node>;
    };
    (receive.bindings.kafka.groupId as Node).enum = flow([service]);
    (receive.bindings.kafka.clientId as Node).enum = flow([service]);
    receive.bindings.sqs.queues = [{ name: service }];
    this.addOperation(`${id}Receives${event.contract}`, /Receives/, {
      ...receive,
      title: `${service} consumes ${type}`,
      summary: `Applied once, in one transaction with its inbox row (the use case in ${service}).`,
      description:
        `On RabbitMQ it is delivered through the queue \`${service}\`; on SNS/SQS through the SQS queue ` +
        `\`${service}\`.`,
      channel: ref(`channels/${event.id}`),
      messages: [ref(`channels/${event.id}/messages/${event.id}`)],
      tags: [{ name: service }],
    });
    this.addOperation(`${id}DeadLetters${event.contract}`, /DeadLetters[A-Z]\w*$/, {
      action: 'send',
      title: `${service} dead-letters ${type}`,
      channel: ref(`channels/${event.id}DeadLetters`),
      messages: [ref(`channels/${event.id}DeadLetters/messages/deadLetter`)],
      tags: [{ name: service }],
    });
    const publish = ['operations', `publish${event.contract}`];
    if (!this.lines.has(publish)) return;
    for (const [broker, binding] of Object.entries(this.deliveryTo(type, subscribers))) {
      if (this.lines.has([...publish, 'bindings', broker]))
        this.lines.setEntry([...publish, 'bindings', broker], binding);
      else this.lines.addToMap([...publish, 'bindings'], broker, binding);
    }
  }

  /**
   * The SNS and SQS bindings of publishing `type` to its subscribers, in name order; none while nothing
   * subscribes (AsyncAPI's bindings need one consumer at least; the topic then delivers to nobody).
   */
  private deliveryTo(type: string, subscribers: string[]): Record<string, Node> {
    if (subscribers.length === 0) return {};
    return {
      sns: {
        topic: { name: this.names.snsTopicName(type) },
        consumers: subscribers.map((name) => ({ protocol: 'sqs', endpoint: { name }, rawMessageDelivery: true })),
        bindingVersion: '0.1.0',
      },
      sqs: { queues: subscribers.map((name) => ({ name })), bindingVersion: '0.2.0' },
    };
  }

  private addQueue(service: string): void {
    const id = camelCase(service);
    const dlq = this.names.sqsDeadLetterQueue(service);
    const template = copy(this.channels[firstKey(this.channels, (key) => key.endsWith('ServiceQueue'))]) as Node & {
      bindings: Record<string, Node & { queue: Node; deadLetterQueue: Node }>;
    };
    const { amqp, sqs } = template.bindings;
    amqp.queue = { ...amqp.queue, name: service };
    amqp['x-bindings'] = [];
    amqp['x-queue-arguments'] = {
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': this.names.deadLetterQueue(service),
    };
    sqs.queue = { ...sqs.queue, name: service };
    (sqs.queue.redrivePolicy as Node).deadLetterQueue = { name: dlq };
    sqs.deadLetterQueue = { ...sqs.deadLetterQueue, name: dlq };
    this.addChannel(`${id}Queue`, /ServiceQueue$/, {
      ...template,
      address: service,
      title: `${service} (queue)`,
      description: String(template.description).replace(/\b[a-z0-9-]+-service\b/g, (name) =>
        name === String(template.address) ? service : name,
      ),
      messages: {},
    });
    this.addChannel(`${id}SqsDeadLetters`, /SqsDeadLetters$/, {
      address: dlq,
      title: dlq,
      description:
        `SNS/SQS only. What ${service} could not process, with the reason; also the redrive target of the ` +
        `queue \`${service}\`. Kept 14 days, as long as SQS keeps any message.`,
      servers: [ref('servers/sqs')],
      messages: {
        deadLetter: ref('components/messages/sqsDeadLetter'),
        movedBySqs: ref('components/messages/sqsMovedBySqs'),
      },
      bindings: { sqs: { queue: copy(sqs.deadLetterQueue), bindingVersion: '0.2.0' } },
    });
    this.addOperation(`${id}DeadLettersToSqs`, /DeadLettersToSqs$/, {
      action: 'send',
      title: `${service} dead-letters to its SQS dead-letter queue`,
      channel: ref(`channels/${id}SqsDeadLetters`),
      messages: [ref(`channels/${id}SqsDeadLetters/messages/deadLetter`)],
      tags: [{ name: service }],
      bindings: { sqs: { queues: [{ name: dlq }], bindingVersion: '0.2.0' } },
    });
  }

  /** Kafka's `<type>.dlt`, made with the type's first consumer; its description names every consumer. */
  private addDeadLetterTopic(event: EventNames, subscribers: string[]): void {
    const id = `${event.id}DeadLetters`;
    const description = `Kafka only. What ${subscribers.join(' or ')} could not process from \`${event.type}\`, with the reason.`;
    if (this.lines.has(['channels', id])) {
      this.lines.setEntry(['channels', id, 'description'], description);
      return;
    }
    const topic = this.names.deadLetterTopic(event.type);
    const kafka = copy((this.firstEventChannel().bindings as Record<string, Node>).kafka);
    this.addChannel(id, (_, channel) => String(channel?.address).endsWith('.dlt'), {
      address: topic,
      title: topic,
      description,
      servers: [ref('servers/kafka')],
      messages: { deadLetter: ref('components/messages/kafkaDeadLetter') },
      bindings: { kafka: { ...kafka, topic } },
    });
  }

  private queueBinding(name: string): Node {
    return { is: 'queue', queue: { name, durable: true, exclusive: false, autoDelete: false, vhost: '/' } };
  }

  /** A channel next to the last one of its kind (or at the end). */
  private addChannel(id: string, kind: RegExp | ((key: string, value?: Node) => boolean), channel: Node): void {
    const after = lastKey(this.channels, (key, value) => (kind instanceof RegExp ? kind.test(key) : kind(key, value)));
    this.lines.addToMap(['channels'], id, channel, { after, blankLine: true });
  }

  private addOperation(id: string, kind: RegExp, operation: Node): void {
    const after = lastKey(this.operations, (key) => kind.test(key));
    this.lines.addToMap(['operations'], id, operation, { after, blankLine: true });
  }

  private get channels(): Record<string, Node> {
    return this.current.channels;
  }

  private get operations(): Record<string, Node> {
    return this.current.operations;
  }

  private get messages(): Record<string, Node> {
    return this.current.components.messages as Record<string, Node>;
  }

  private firstEventChannel(): Node {
    return this.channels[firstKey(this.channels, (key) => isEventChannel(key, this.channels[key]))];
  }

  /** The first (or last) message that is an event's, not a dead letter's. */
  private firstEventMessageId(last = false): string {
    const events = Object.entries(this.channels)
      .filter(([key, channel]) => isEventChannel(key, channel))
      .flatMap(([, channel]) => Object.keys(channel.messages as Node));
    const isEvent = (key: string) => events.includes(key);
    return last ? lastKey(this.messages, isEvent)! : firstKey(this.messages, isEvent);
  }
}

/** An operation's bindings without those that say where SNS/SQS deliver. */
function withoutDelivery(bindings: Record<string, Node>): Record<string, Node> {
  const { sns: _sns, sqs: _sqs, ...others } = bindings;
  return others;
}

/** An example event of a new type, its attributes in the order the document's examples have them. */
function examplePayload(type: string, publisher: string, example: Node): Node {
  const { id, time, subject, data } = example as Record<string, string>;
  return {
    specversion: quoted('1.0'),
    id,
    source: `/${publisher}`,
    type,
    time: quoted(time),
    subject,
    datacontenttype: 'application/json',
    data,
  };
}

/** An event type's channel: its address is the type, so it has a Kafka topic and an SNS topic. */
function isEventChannel(_key: string, channel?: Node): boolean {
  const bindings = channel?.bindings as Record<string, unknown> | undefined;
  return Boolean(bindings?.kafka && bindings?.sns);
}

/** A RabbitMQ queue channel whose name ends with `suffix`. */
function isQueue(channel: Node | undefined, suffix: string): boolean {
  return String(channel?.address).endsWith(suffix) && Boolean((channel?.bindings as Node | undefined)?.amqp);
}

function firstKey(map: Record<string, unknown>, match: (key: string, value?: Node) => boolean): string {
  const key = Object.keys(map).find((name) => match(name, map[name] as Node));
  if (!key) throw new Error(`${PATH}: found nothing to copy the shape of; edit it by hand`);
  return key;
}

function lastKey(map: Record<string, unknown>, match: (key: string, value?: Node) => boolean): string | undefined {
  return Object.keys(map)
    .filter((name) => match(name, map[name] as Node))
    .at(-1);
}

/** `shipment.scheduled` -> `Shipment scheduled`. */
function sentence(type: string): string {
  const text = type.split(/[.-]/).join(' ');
  return text[0].toUpperCase() + text.slice(1);
}
