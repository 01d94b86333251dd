"""What leaves the journal as a file a person reads or another program loads.

`entries` writes the whole journal as JSON or Markdown (streamed, one read
transaction) and reads reflect's own JSON back in; `agenda` renders the
supervision agenda and session records as Markdown and printable HTML.
Both keep a worker's words as words through `reflect.core.mdescape`, which
stays beside `reading` (the app's reading view uses it too).
"""
