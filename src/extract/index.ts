export { extractMentions } from './mentions.js';
