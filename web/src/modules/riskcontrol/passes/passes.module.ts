import type { AppModule } from '../../../app/module';

export const passesModules: readonly AppModule[] = [];
