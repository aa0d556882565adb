import type { AppModule } from '../../../app/module';

export const zonesModules: readonly AppModule[] = [];
