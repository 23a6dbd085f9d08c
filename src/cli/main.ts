#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, errorMessage, UsageError } from '../errors.js';
import {
  type AppContext,
  createContext,
  DEFAULT_CONFIG_PATH,
  type GlobalOptions,
  resolveConfigPath,
} from './context.js';
import { createProcessOutput, type Output } from './output.js';

/** Exit codes: 0 ok, 1 failure, 2 usage error. Mapped here, in one place. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT_USAGE;
  return EXIT_FAILURE;
}

type Action = (context: AppContext, output: Output, command: Command) => Promise<number>;

// Each command's module is loaded when the command runs: `roundup import` need not load the
// web app, the summariser or the NLP lexicons (about 40 MB of resident memory).

export function buildProgram(
  output: Output,
  env: Record<string, string | undefined>,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command('roundup')
    .description(
      'Watches Hacker News, Reddit and press feeds, finds the stories several communities discuss, and writes sourced briefings.',
    )
    .version('0.1.0')
    .addOption(
      new Option(
        '--db <path|url>',
        'SQLite file path or postgres:// URL (env ROUNDUP_DB; default ./data/roundup.db)',
      ),
    )
    .addOption(
      new Option(
        '--config <file>',
        `configuration file (env ROUNDUP_CONFIG; default ${DEFAULT_CONFIG_PATH}, optional)`,
      ),
    )
    .addOption(
      new Option('--log-level <level>', 'log level on stderr').choices([
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });

  const run =
    (action: Action) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const globals = command.optsWithGlobals() as GlobalOptions;
      let context: AppContext | null = null;
      try {
        context = createContext(globals, env);
        setExitCode(await action(context, output, command));
      } catch (error) {
        output.err(`roundup: ${errorMessage(error)}`);
        setExitCode(exitCodeFor(error));
      } finally {
        await context?.close();
      }
    };

  program
    .command('run')
    .description(
      "the main job: serve the site and, on each source's schedule, ingest, cluster, extract and write briefings (until Ctrl-C)",
    )
    .option('--once', 'one pass (poll what is due, cluster, write briefings), then exit')
    .option('--host <host>', 'address to listen on (default web.host, 127.0.0.1)')
    .option('--port <port>', 'port (default web.port, 8080; 0 picks a free one)')
    .option('--json', 'print one report per source as JSON (with --once)')
    .option('--force', 'poll sources on the first pass even when they are not due yet')
    .action(
      run(async (context, out, command) => (await import('./run.js')).runMain(context, out, command.opts())),
    );

  program
    .command('serve')
    .description('serve the web UI, JSON API and feeds over what is stored (default http://127.0.0.1:8080/)')
    .option('--host <host>', 'address to listen on (default web.host, 127.0.0.1)')
    .option('--port <port>', 'port (default web.port, 8080; 0 picks a free one)')
    .action(
      run(async (context, out, command) =>
        (await import('./serve.js')).runServe(context, out, { ...command.opts(), web: context.config.web }),
      ),
    );

  program
    .command('export')
    .description('write the whole site as static files plus the feeds')
    .requiredOption('--out <dir>', 'folder to write')
    .option('--base-url <url>', 'where the folder will be served (feeds need absolute links)')
    .option('--stories <n>', 'stories on the front pages (default 300; every briefed story is exported)')
    .option('--json', 'print a JSON report')
    .action(
      run(async (context, out, command) =>
        (await import('./export.js')).runExport(context, out, { ...command.opts(), web: context.config.web }),
      ),
    );

  program
    .command('ingest')
    .description('poll every configured source once (sources that are blocked or not due are skipped)')
    .option('--json', 'print one report per source as JSON')
    .option('--force', 'poll sources even when they are not due yet')
    .action(
      run(async (context, out, command) =>
        (await import('./ingest.js')).runIngest(context, out, command.opts()),
      ),
    );

  program
    .command('import')
    .description(
      'import archive files: HN Firebase NDJSON, Algolia item trees, Reddit Pushshift/Arctic Shift NDJSON, Reddit API JSON, feeds; .gz and .zst too',
    )
    .argument('<files...>', 'files to import (the format is detected from the content)')
    .option('--json', 'print {"posts","comments","skipped","errors"} as JSON')
    .option('--no-progress', 'do not draw a progress bar')
    .action(
      run(async (context, out, command) =>
        (await import('./import.js')).runImport(context, out, command.args, command.opts()),
      ),
    );

  program
    .command('fetch-articles')
    .description(
      'fetch and extract the articles posts link to (robots.txt and the address guard apply; failures are retried a day later)',
    )
    .option('--limit <n>', 'at most this many links, newest posts first (default 50)')
    .option('--json', 'print {"fetched","failed","skipped","results":[{"postId","url","status","message"}]}')
    .action(
      run(async (context, out, command) =>
        (await import('./fetch-articles.js')).runFetchArticles(context, out, command.opts()),
      ),
    );

  program
    .command('cluster')
    .description('place every new post in a story (incremental; running it twice changes nothing)')
    .option(
      '--window-hours <n>',
      'stories active within this many hours are candidates (default: cluster.windowHours, 72)',
    )
    .option(
      '--event-span-hours <n>',
      'a post further than this from the start of a story needs a closer match (default: cluster.eventSpanHours, 24)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./stories.js')).runCluster(context, out, command.opts()),
      ),
    );

  program
    .command('stories')
    .description('stories by heat, with their communities and posts')
    .option('--since <iso>', 'only stories active since this date or time')
    .option('--limit <n>', 'at most this many stories (default 50)')
    .option('--json', 'print an array of {"id","title","communities","posts","firstSeen","lastSeen","heat"}')
    .action(
      run(async (context, out, command) =>
        (await import('./stories.js')).runStories(context, out, command.opts()),
      ),
    );

  program
    .command('story')
    .description('one story: its members, with their similarity and why they joined')
    .argument('<id>', 'story id (an id merged away resolves to the survivor)')
    .option('--json', 'print as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./stories.js')).runStory(context, out, command.args[0] ?? '', command.opts()),
      ),
    );

  program
    .command('extract')
    .description('extract facts and entities of every active story whose sources changed')
    .option('--json', 'print the report as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./facts.js')).runExtract(context, out, command.opts()),
      ),
    );

  program
    .command('facts')
    .description(
      "a story's facts: kind, normalised value, the exact source spans, how many communities, conflicts",
    )
    .argument('<story>', 'story id')
    .option(
      '--json',
      'print an array of {"kind","value","text","sources":[{"id","start","end"}],"communities","conflict"}',
    )
    .action(
      run(async (context, out, command) =>
        (await import('./facts.js')).runFacts(context, out, command.args[0] ?? '', command.opts()),
      ),
    );

  program
    .command('entities')
    .description("a story's organisations, people and places, with their role and the evidence for it")
    .argument('<story>', 'story id')
    .option('--json', 'print an array of {"name","kind","aliases","role","evidence","mentions"}')
    .action(
      run(async (context, out, command) =>
        (await import('./facts.js')).runEntities(context, out, command.args[0] ?? '', command.opts()),
      ),
    );

  program
    .command('brief')
    .description(
      "write a story's briefing (or the N hottest stories') and print it; only grounded briefings are published",
    )
    .argument('[story]', 'story id')
    .option('--format <format>', 'md, json or html (default md)')
    .option('--top <n>', 'the N hottest stories instead of one')
    .action(
      run(async (context, out, command) =>
        (await import('./brief.js')).runBrief(context, out, command.args[0], command.opts()),
      ),
    );

  program
    .command('summarize')
    .description(
      'summarise documents: plain text files (one document each) or NDJSON lines of {"title","text"}',
    )
    .argument('<files...>', 'text or NDJSON files (the format is detected from the content)')
    .option('--words <n>', 'word budget of the summary (default 100)')
    .action(async (_files: string[], options: { words?: string }, command: Command) => {
      // No store needed: like init, this does not build a context.
      try {
        const { runSummarize } = await import('./summarize.js');
        setExitCode(await runSummarize(output, command.args, options));
      } catch (error) {
        output.err(`roundup: ${errorMessage(error)}`);
        setExitCode(exitCodeFor(error));
      }
    });

  program
    .command('sources')
    .description("each configured source's state: last fetch, new items, errors, blocked or disabled and why")
    .option('--json', 'print as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./sources.js')).runSources(context, out, command.opts()),
      ),
    );

  program
    .command('stats')
    .description('how many posts, comments, documents, stories and facts are stored')
    .option('--json', 'print {"posts","comments","documents","stories","facts"} as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./stats.js')).runStats(context, out, command.opts()),
      ),
    );

  program
    .command('init')
    .description('write a commented roundup.yaml with sensible default sources')
    .option('--force', 'overwrite an existing file')
    .action(async (_options: unknown, command: Command) => {
      // init writes the config, so it must not try to load one first.
      const globals = command.optsWithGlobals() as GlobalOptions;
      try {
        const { runInit } = await import('./init.js');
        setExitCode(runInit(output, resolveConfigPath(globals, env), command.opts()));
      } catch (error) {
        output.err(`roundup: ${errorMessage(error)}`);
        setExitCode(exitCodeFor(error));
      }
    });

  program
    .command('add-feed')
    .description("add a feed to roundup.yaml: the feed's URL, or a page that links to its feed")
    .argument('<url>', 'feed or page URL')
    .option('--id <id>', 'source id (default: derived from the URL)')
    .option('--name <name>', "community name to show (default: the feed's title)")
    .option('--json', 'print the added source as JSON')
    .action(
      run(async (context, out, command) =>
        (await import('./add-feed.js')).runAddFeed(context, out, command.args[0] ?? '', command.opts()),
      ),
    );

  return program;
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const output = createProcessOutput();
  let exitCode = EXIT_OK;
  const program = buildProgram(output, env, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    output.err(`roundup: ${errorMessage(error)}`);
    return EXIT_FAILURE;
  }
  return exitCode;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const code = await main(process.argv, process.env);
  process.exitCode = code;
}
