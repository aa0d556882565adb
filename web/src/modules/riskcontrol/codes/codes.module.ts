import type { AppModule } from '../../../app/module';

export const codesModules: readonly AppModule[] = [];
