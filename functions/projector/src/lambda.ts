import { parseEnvironment } from '@partnership-hub/configuration';
import { projectorEnvironmentSchema } from './environment.ts';
import { createProjector } from './projector.ts';
import { wireProjector } from './wiring.ts';

/** The projector in Lambda: the target of the bus rule built from the event catalogue. */
const environment = parseEnvironment('projector', projectorEnvironmentSchema, process.env);
const project = createProjector(wireProjector({ tableName: environment.TABLE_NAME }));

export const handler = async (event: unknown): Promise<void> => {
  await project(event);
};
