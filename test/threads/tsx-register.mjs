// Loaded first in each fit worker by the thread tests (useThreads' workerImports): the workers then
// import the library from its .ts sources, as the tests' own process does through tsx.
import { register } from 'tsx/esm/api';
register();
