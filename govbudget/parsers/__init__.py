"""PDF disclosure → normalised tables, facts and checks.

Data flows one way through five stages, one sub-package each (see README.md here):
read (PDF → page content) → layout (page → lines and table pieces) → assemble
(pages → document tables) → interpret (tables → records) → checks (records → check
results). ``extract`` drives the first three, ``api`` all five, ``output`` writes files.
"""
