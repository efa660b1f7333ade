import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';
import type model from 'wink-eng-lite-web-model';
import { provideLanguageModel } from '../domain/news/nlp.js';

/*
 * Importing this module provides the headline reader's language model without loading it: wink-nlp
 * and its English model (~35 MB resident) are required on the first headline read. Every entry
 * that reads headlines imports it (the news ingestion, /score, the score CLI, the test setup).
 */
const load = createRequire(import.meta.url);
provideLanguageModel(() => {
  const createNlp = load('wink-nlp') as typeof winkNLP;
  return createNlp(load('wink-eng-lite-web-model') as typeof model);
});
