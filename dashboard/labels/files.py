"""Labels of reading and writing spreadsheets (refusals, preview notes) and of the fill-in template."""

COLUMNS_ZH = "指标编号（或指标名称）、年份、数值（必填），数据状态、来源、备注（可选）"
COLUMNS_EN = "indicator_id, year, value (required) and figure_status, source, note (optional)"

LABELS: dict[str, tuple[str, str]] = {
    # ---- refusals of a file as a whole (each names the file and the limit)
    "files.not_found": ("{name}：找不到文件 — 请选择 .csv 或 .xlsx 数据文件",
                        "{name}: file not found — expected a .csv or .xlsx file of figures"),
    "files.directory": ("{name} 是文件夹 — 请选择 .csv 或 .xlsx 数据文件",
                        "{name} is a directory — expected a .csv or .xlsx file of figures"),
    "files.too_big": ("{name} 大小为 {size} MB，超过上限 {limit} MB；请拆分成较小的文件",
                      "{name} is {size} MB — expected at most {limit} MB; split it into smaller files"),
    "files.bad_suffix": ("{name}：只接受 .csv 或 .xlsx 文件，收到的是“{suffix}”（.xls、.ods 文件请另存为 .xlsx）",
                         '{name}: expected a .csv or .xlsx file, found "{suffix}" (save .xls or .ods files as .xlsx)'),
    "files.not_text": ("{name} 不是可识别的文本（已尝试 UTF-8、GB18030 和带 BOM 的 UTF-16；"
                       "第 {position} 字节为 0x{byte}）— 请在 Excel 中另存为“CSV UTF-8（逗号分隔）(*.csv)”",
                       "{name} is not text in UTF-8, GB18030 or UTF-16 with a BOM (byte 0x{byte} at position "
                       '{position}) — expected CSV saved as UTF-8; in Excel choose "CSV UTF-8 (逗号分隔)(*.csv)"'),
    "files.binary": ("{name} 含有空字符，不是 CSV 文本文件 — 请上传另存为 CSV 或 .xlsx 的表格",
                     "{name} contains NUL characters: it is not a CSV text file — expected a table saved as CSV or "
                     ".xlsx"),
    "files.bad_csv": ("{name} 第 {row} 行无法按 CSV 读取（{detail}）",
                      "{name}, row {row} cannot be read as CSV ({detail})"),
    "files.field_too_long": ("{name} 第 {row} 行：有单元格超过 {limit} 个字符的上限 — 请检查引号是否成对",
                             "{name}, row {row}: a cell is longer than the limit of {limit} characters — check that "
                             "quotes come in pairs"),
    "files.too_many_rows": ("{name} 超过 {limit} 行的上限（空行也计算在内）— 请删除多余的空行或拆分文件",
                            "{name} has more than {limit} rows, the limit (blank rows count too) — delete the blank "
                            "rows or split the file"),
    "files.too_many_columns": ("{name} 第 {row} 行第 {column} 列有内容，超过 {limit} 列的上限",
                               "{name}, row {row} has content in column {column}, beyond the limit of {limit} columns"),
    "files.zip_total": ("{name} 解压后为 {size} MB，超过上限 {limit} MB — 请拆分文件或另存为 CSV",
                        "{name} unpacks to {size} MB — expected at most {limit} MB; split it or save it as CSV"),
    "files.zip_ratio": ("{name} 中的 {member} 压缩比为 {ratio}:1，超过上限 {limit}:1 — 文件不像正常的工作簿，未读取",
                        "{name}: {member} is compressed {ratio}:1, beyond the limit of {limit}:1 — not read, it does "
                        "not look like a normal workbook"),
    "files.zip_members": ("{name} 内含 {count} 个部件，超过上限 {limit} 个 — 不像正常的工作簿，未读取",
                          "{name} holds {count} parts, beyond the limit of {limit} — not read, it does not look like "
                          "a normal workbook"),
    "files.not_xlsx": ("{name} 不是可读取的 .xlsx 工作簿（{detail}）— 请用 Excel 或 WPS 另存为 .xlsx",
                       "{name} is not a readable .xlsx workbook ({detail}) — expected an Excel workbook saved as "
                       ".xlsx"),
    "files.no_sheet": ("{name} 中没有名为“{sheet}”的工作表；可选的工作表：{sheets}",
                       '{name} has no sheet named "{sheet}"; its sheets: {sheets}'),
    "files.no_visible_sheet": ("{name} 的工作表都已隐藏 — 请取消隐藏要导入的工作表，或指定工作表名称",
                               "{name} has only hidden sheets — unhide the sheet to import, or name it"),
    "files.sheet_in_csv": ("{name} 是 CSV 文件，没有工作表“{sheet}”",
                           '{name} is a CSV file: it has no sheet "{sheet}"'),
    "files.empty": (f"{{name}} 是空文件 — 需要一行表头（{COLUMNS_ZH}）和每个数据一行",
                    "{name} is empty — expected a header row (indicator_id, year, value, figure_status, source, "
                    "note) and one row per figure"),
    "files.header": (f"{{name}} 第 {{row}} 行（表头）：{{problems}} — 需要的列：{COLUMNS_ZH}，或每年一列（如 2023），"
                     "实际为：{found}",
                     f"{{name}}, row {{row}} (the header): {{problems}} — expected columns {COLUMNS_EN}, or one "
                     "column per year (e.g. 2023), found: {found}"),
    "files.separator": ("；", "; "),
    "files.header_missing": ("缺少列 {columns}", "missing columns {columns}"),
    "files.header_unknown": ("无法识别的列“{column}”", 'unknown column "{column}"'),
    "files.header_unknown_hint": ("无法识别的列“{column}”（是否应为“{close}”？）",
                                  'unknown column "{column}" (did you mean "{close}"?)'),
    "files.header_repeated": ("列 {column} 出现了 {n} 次", 'column "{column}" appears {n} times'),
    "files.header_wide_and_long": ("已有按年份分列的数据，不能再有“{column}”列",
                                   'the header has year columns, so it cannot also have a "{column}" column'),
    "files.long_rows": ("{name}：第 {rows} 行在表头没有列名的位置有内容 — 每个单元格都应在有列名的列下"
                        "（CSV 中含逗号的文字请加英文双引号）",
                        "{name}: row {rows} has cells outside the named columns — expected one value per column of "
                        "the header (in a CSV, put text containing commas in double quotes)"),
    "files.write_format": ("只能导出为 {formats}，收到的是“{fmt}”", 'expected a format of {formats}, found "{fmt}"'),
    "files.write_directory": ("{name} 是文件夹 — 请给出要写入的 {fmt} 文件名",
                              "{name} is a directory — expected the name of the {fmt} file to write"),
    # ---- rows naming an indicator by name
    "files.name_unknown": ("“{text}”不是目录中的指标名称 — 最接近的名称：{close}",
                           '"{text}" is not the name of an indicator in the catalog — the closest names: {close}'),
    "files.name_unknown_plain": ("“{text}”不是目录中的指标名称 — 请填写指标名称全称或指标编号",
                                 '"{text}" is not the name of an indicator in the catalog — write the full name or '
                                 "the indicator id"),
    "files.name_ambiguous": ("“{text}”是 {n} 个指标的名称：{ids} — 请填写指标编号",
                             '"{text}" is the name of {n} indicators: {ids} — write the indicator id instead'),
    # ---- how a file was read (preview, import summary)
    "files.read_encoding": ("文件编码：{encoding}", "Read as {encoding}"),
    "files.read_sheet": ("已读取工作表“{sheet}”", 'Read the sheet "{sheet}"'),
    "files.hidden_skipped": ("已跳过隐藏的工作表：{sheets}（如需导入，请选择该工作表）",
                             "Skipped hidden sheets: {sheets} (choose one to import it)"),
    "files.sheet": ("工作表", "Sheet"),
    # ---- the fill-in template
    "files.template": ("下载填报模板（Excel）", "Download the fill-in template (Excel)"),
    "files.template_help": ("模板列出所选单位的指标，每年一列；填好后在上方上传即可导入，可一次导入多年。",
                            "The template lists the chosen department's indicators, one column per year; upload it "
                            "above once filled to import several years at once."),
    "files.template_none": ("所选范围内没有指标，无法生成模板。",
                            "No indicators in this choice: no template to build."),
    "files.template_sheet": ("填报", "Figures"),
    "files.template_help_sheet": ("填报说明", "Instructions"),
    "files.template_latest": ("{value}（{year}年）", "{value} ({year})"),
    "files.template_number": ("请填写数字（不带单位）", "Enter a number (no unit)"),
    "files.template_milestone": ("节点任务：1 = 已完成，0 = 未完成", "Milestone: 1 = done, 0 = not done"),
    "files.template_status": ("请从下拉列表选择", "Choose from the list"),
    "files.template_bad": ("输入无效", "Invalid entry"),
    "files.template_title": ("{department} 指标数据填报表", "{department}: figures to fill in"),
    "files.template_years": ("填报年份：{years}", "Years: {years}"),
    "files.template_line1": ("在“填报”工作表中，找到指标所在行，在对应年份的列中填写该年的实际值。",
                             "On the first sheet, find the indicator's row and type the year's actual in that year's "
                             "column."),
    "files.template_line2": ("只填写数字，不带单位和百分号（单位见“单位”列）；节点任务填 1（已完成）或 0（未完成）。",
                             "Numbers only, without unit or percent sign (the unit is in its column); milestones take "
                             "1 (done) or 0 (not done)."),
    "files.template_line3": ("“数据状态”从下拉列表选择：初步数、最终数或修订数；不填视为初步数。",
                             "Choose the figure status from the list; left empty it is preliminary."),
    "files.template_line4": ("“来源”请写明数据出处（如统计公报名称和网址），“备注”可写口径说明。",
                             "Give the source (e.g. the bulletin's title and address); the note may explain scope."),
    "files.template_line5": ("不要修改表头、指标名称和隐藏的指标编号列；不需要填报的年份留空即可。",
                             "Do not change the header, the names or the hidden id column; leave years without a "
                             "figure empty."),
    "files.template_line6": ("填好后在“数据录入”页面上传本文件：先显示预览，确认后才导入；可一次导入多个年份。",
                             "Upload the filled file on the data entry page: you see a preview first, nothing is "
                             "imported before you confirm; several years import at once."),
    "files.template_no_department": ("没有责任单位为“{department}”的指标；目录中的责任单位：{departments}",
                                     'no indicators are owned by "{department}"; the owners in the catalog: '
                                     "{departments}"),
    "files.template_no_plan": ("没有编号为“{plan}”的规划；可选：{plans}", 'no plan "{plan}"; the plans: {plans}'),
    "files.template_written": ("已生成模板 {path}：{n} 个指标，年份 {years}",
                               "wrote the template {path}: {n} indicators, years {years}"),
    # ---- the uploader's own texts (app_pages/uploader.py)
    "upload.button": ("选择文件", "Choose file"),
    "upload.limit": ("每个文件不超过 {mb} MB · {kinds}", "up to {mb} MB per file · {kinds}"),
}
