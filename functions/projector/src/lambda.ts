import { createProjector } from './projector.ts';
import { projectorConfigFromEnv, wireProjector } from './wiring.ts';

/** The projector in Lambda: the target of the bus rule built from the event catalogue. */
const project = createProjector(wireProjector(projectorConfigFromEnv(process.env)));

export const handler = async (event: unknown): Promise<void> => {
  await project(event);
};
