// Handlers of the catalog.* and pixels.* methods (stubs until the importer and pixel service land).
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../api/dispatcher.js';

const notYet = (name: string) => (): never => {
  throw new ApiError('unavailable', `${name} is not implemented yet`);
};

export const catalogHandlers: {
  'catalog.import': Handler<'catalog.import'>;
  'catalog.cancelImport': Handler<'catalog.cancelImport'>;
  'catalog.listImports': Handler<'catalog.listImports'>;
  'catalog.listPatients': Handler<'catalog.listPatients'>;
  'catalog.listStudies': Handler<'catalog.listStudies'>;
  'catalog.listSeries': Handler<'catalog.listSeries'>;
  'catalog.listInstances': Handler<'catalog.listInstances'>;
  'catalog.listVolumes': Handler<'catalog.listVolumes'>;
  'catalog.listImages': Handler<'catalog.listImages'>;
  'catalog.setLabels': Handler<'catalog.setLabels'>;
  'catalog.importLabels': Handler<'catalog.importLabels'>;
  'catalog.resolve': Handler<'catalog.resolve'>;
  'pixels.frame': Handler<'pixels.frame'>;
  'pixels.slice': Handler<'pixels.slice'>;
  'pixels.image': Handler<'pixels.image'>;
  'pixels.volumeInfo': Handler<'pixels.volumeInfo'>;
} = {
  'catalog.import': notYet('catalog.import'),
  'catalog.cancelImport': notYet('catalog.cancelImport'),
  'catalog.listImports': notYet('catalog.listImports'),
  'catalog.listPatients': notYet('catalog.listPatients'),
  'catalog.listStudies': notYet('catalog.listStudies'),
  'catalog.listSeries': notYet('catalog.listSeries'),
  'catalog.listInstances': notYet('catalog.listInstances'),
  'catalog.listVolumes': notYet('catalog.listVolumes'),
  'catalog.listImages': notYet('catalog.listImages'),
  'catalog.setLabels': notYet('catalog.setLabels'),
  'catalog.importLabels': notYet('catalog.importLabels'),
  'catalog.resolve': notYet('catalog.resolve'),
  'pixels.frame': notYet('pixels.frame'),
  'pixels.slice': notYet('pixels.slice'),
  'pixels.image': notYet('pixels.image'),
  'pixels.volumeInfo': notYet('pixels.volumeInfo'),
};
