/** Where events live on Kafka: one topic per event type, named as the type (see CONTRACT.md). */
export const eventTopic = (type: string) => type;

/** Each consumed topic's dead letters, kept beside it. */
export const deadLetterTopic = (topic: string) => `${topic}.dlt`;

/** Partitions of each topic the services create unless KAFKA_TOPIC_PARTITIONS says otherwise. */
export const DEFAULT_TOPIC_PARTITIONS = 3;
