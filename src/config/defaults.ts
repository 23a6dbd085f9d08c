/**
 * The sources roundup watches when there is no roundup.yaml, and what `roundup init` writes
 * (commented). Well-known tech and AI press feeds, HN front and new pages, and the subreddits
 * the design names (Reddit gives comments only with OAuth credentials; without, the .rss).
 */
export const DEFAULT_SOURCES_YAML = `# roundup configuration. Every option has a default; delete what you do not need.
# Environment variables override the file: ROUNDUP_DB, ROUNDUP_LOG_LEVEL,
# ROUNDUP_REDDIT_CLIENT_ID, ROUNDUP_REDDIT_CLIENT_SECRET, ROUNDUP_HTTP_ALLOWED_RANGES,
# ROUNDUP_WEB_ADMIN_TOKEN, ROUNDUP_LLM_API_KEY.

# Where the data lives: a SQLite file path, or a postgres:// URL.
db: ./data/roundup.db

# fatal | error | warn | info | debug | trace | silent (logs go to stderr)
logLevel: error

http:
  # Sent with every request, so site owners know who is asking.
  # userAgent: "roundup/0.1 (+https://github.com/roundup-news/roundup; self-hosted news digest)"
  timeoutMs: 30000          # whole request, headers and body
  connectTimeoutMs: 10000
  maxBodyBytes: 15728640    # 15 MiB, counted after decompression
  maxRedirects: 5
  perHostConcurrency: 2
  perHostIntervalMs: 1000   # spacing between requests to one host
  retries: 2                # network errors and 5xx; 429/503 reschedule the source instead
  # Links found in posts are never fetched from private, loopback or link-local addresses.
  # Allow ranges here if you mean to (an intranet, say):
  allowedRanges: []         # e.g. ["10.1.0.0/16"]

import:
  maxDecompressedBytes: 4294967296   # 4 GiB: a .gz/.zst that inflates past this is aborted

web:
  host: 127.0.0.1          # where roundup run and roundup serve listen
  port: 8080
  siteTitle: roundup
  # baseUrl: https://news.example.org/   # absolute links in feeds
  # adminToken: ""                       # ≥16 chars; enables POST/DELETE /admin/… (or ROUNDUP_WEB_ADMIN_TOKEN)

cluster:
  windowHours: 72           # a post joins stories active within this many hours of it
  eventSpanHours: 24        # beyond this many hours from a story's start, a post needs a closer match to join it

articles:
  perPass: 50               # linked articles the main job fetches per pass, before placing new posts (0: none)

# Optional model writer: any OpenAI-compatible server may rephrase the extractive briefing.
# Every sentence it writes must cite its sources and pass the grounding check, or the
# extractive sentence stays. Nothing else needs a model.
# llm:
#   baseUrl: http://127.0.0.1:11434      # Ollama; or a vLLM / llama.cpp server, or a hosted API
#   model: qwen2.5:7b-instruct
#   apiKey: ""                          # or ROUNDUP_LLM_API_KEY
#   timeoutMs: 60000

hn:
  firebaseUrl: https://hacker-news.firebaseio.com/v0
  algoliaUrl: https://hn.algolia.com/api/v1

reddit:
  # Reddit's API needs an app: https://www.reddit.com/prefs/apps ("script" or "web app").
  # Without credentials roundup reads each subreddit's .rss politely (posts only, no comments).
  # clientId: ""
  # clientSecret: ""

sources:
  # Hacker News: list is top | new | best; comments come whole from Algolia.
  - { kind: hn, id: hn-top, list: top, limit: 30, pollEveryMin: 15 }
  - { kind: hn, id: hn-new, list: new, limit: 30, pollEveryMin: 15 }

  # Press feeds (RSS, Atom, RDF or JSON Feed). name overrides the feed's own title.
  - { kind: feed, id: ars-technica, url: "https://feeds.arstechnica.com/arstechnica/index", pollEveryMin: 30 }
  - { kind: feed, id: the-verge, url: "https://www.theverge.com/rss/index.xml", pollEveryMin: 30 }
  - { kind: feed, id: techcrunch, url: "https://techcrunch.com/feed/", pollEveryMin: 30 }
  - { kind: feed, id: the-register, url: "https://www.theregister.com/headlines.atom", pollEveryMin: 30 }
  - { kind: feed, id: mit-technology-review, url: "https://www.technologyreview.com/feed/", pollEveryMin: 60 }
  - { kind: feed, id: hugging-face-blog, url: "https://huggingface.co/blog/feed.xml", pollEveryMin: 60 }

  # Reddit: listing is hot | new | top | rising. Comments need the credentials above.
  - { kind: reddit, id: r-technology, subreddit: technology, listing: hot, limit: 25, pollEveryMin: 60 }
  - { kind: reddit, id: r-artificial, subreddit: artificial, listing: hot, limit: 25, pollEveryMin: 60 }
  - { kind: reddit, id: r-machinelearning, subreddit: MachineLearning, listing: hot, limit: 25, pollEveryMin: 60 }
  - { kind: reddit, id: r-business, subreddit: business, listing: hot, limit: 25, pollEveryMin: 60 }
`;
