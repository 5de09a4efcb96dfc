"""Reading and writing the spreadsheets people send: budgets (`limits`), CSV text (`csv_text`), the
.xlsx zip and its XML read as a stream (`xlsx_stream`), header aliases and wide year columns
(`headers`), and the fill-in template (`template`). `dashboard.spreadsheet` is the public face."""
