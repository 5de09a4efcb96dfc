"""Labels of the drafting assistant: the draft's comments, the `draft` command and the New plan page."""

LABELS: dict[str, tuple[str, str]] = {
    # comments written into the draft
    "draft.header": ("由 python -m dashboard draft 从《{title}》自动生成的草稿：每一项都请对照原文核对，"
                     "“# CHECK:”标出需要确认的推断。",
                     "Draft written by python -m dashboard draft from “{title}”: check every entry against the text; "
                     "“# CHECK:” marks each guess to confirm."),
    "draft.unparsed_header": ("以下语句含有看似目标的数字，但未能读出，请人工处理：",
                              "These sentences hold a number that looked like a target but could not be read:"),
    "draft.invalid_header": ("以下条目读出后未通过校验，已移出草稿：",
                             "These entries were read but did not validate, so they were left out:"),
    "check.plan_years": ("基期年、目标年由发文日期和最晚的目标年推断", "base and target years inferred from the issue "
                         "date and the latest target year"),
    "check.plan_title": ("未找到标题，请填写", "no title found: fill it in"),
    "check.range": ("原文为区间，取下限", "the text gives a range: its lower end was taken"),
    "check.baseline_year": ("基期值的年份为推断（规划基期年）",
                            "the baseline's year is inferred (the plan's base year)"),
    "check.milestone_name": ("名称取自原句，请精简", "name taken from the sentence: shorten it"),
    "check.name": ("名称由句子推断", "name inferred from the sentence"),
    "check.baseline_unit": ("基期值与目标值的单位不同，请换算", "the baseline and the target are printed in different "
                            "units: convert one"),
    "check.cut": ("数值为降低/压缩的幅度（越大越好），请核对是否应写成目标水平",
                  "the number is the size of a cut (more is better): check whether the level is meant"),
    "check.direction": ("原句无动词，方向为推断", "no verb in the sentence: the direction is a guess"),
    "check.year_inherited": ("年份取自同句前文的时限", "the year is the deadline written earlier in the sentence"),
    "check.enumerated": ("并列的数值沿用前一项的名称和方向，请区分名称", "a number listed after another takes its name "
                         "and direction: tell them apart"),
    "check.growth_companion": ("表中年均增速为可比价：另列增速指标跟踪实际增长，请核对", "the table's rate is at "
                               "comparable prices: a growth indicator tracks the real rate — check it"),
    "check.year_default": ("原文未写年份，取规划目标年", "no year in the text: the plan's target year was taken"),
    "check.unit_guessed": ("原表未列单位，单位为推断", "the table prints no unit: the unit is a guess"),
    "check.rate_basis": ("年均增速口径（可比价/现价/百分点）请核对",
                         "check the basis of the annual rate (real, nominal, pp)"),
    "unparsed.rate": ("年均增速找不到对应的总量目标", "an annual rate without the level it belongs to"),
    "unparsed.relative": ("相对目标（高于/快于某增速或若干百分点）", "a relative target (faster than another rate, "
                          "or so many points)"),
    "unparsed.factor": ("翻番/倍增目标需要基期值", "a doubling target needs the baseline value"),
    "unparsed.no_name": ("读不出指标名称", "no indicator name could be read"),
    "unparsed.outside_years": ("目标年不在规划期内", "the target year lies outside the plan's years"),
    # the command
    "draft.cli_help": ("从规划文本（纯文本、HTML 或接口 JSON）生成草稿目录",
                       "draft a catalog from a plan's text (plain text, HTML or API JSON)"),
    "draft.wrote": ("已写出 {path}：{entries} 项，{checks} 处待核对，{unparsed} 句未能读出。",
                    "Wrote {path}: {entries} entries, {checks} guesses to check, {unparsed} sentences not read."),
    "draft.exists": ("{path} 已存在：请换一个 --out，或加 --force 覆盖", "{path} exists: choose another --out, or add "
                     "--force to overwrite it"),
    "draft.plan_taken": ("规划编号 {id} 已在目录中：请另选一个 --plan-id",
                         "The plan ID {id} is already in the catalog: choose another --plan-id"),
    "draft.empty": ("{path} 中没有可读的文字", "{path} holds no readable text"),
    "draft.no_targets": ("未找到任何目标句子，草稿只有规划信息。", "No target sentence was found: the draft has the "
                         "plan block only."),
    "draft.still_invalid": ("草稿仍有 {n} 处校验问题：", "The draft still has {n} validation problem(s):"),
    "draft.catalog_unreadable": ("已加载的目录有误，只按其中写出的编号避免冲突：{error}",
                                 "The loaded catalog has problems, so only the ids written in it were avoided: "
                                 "{error}"),
    # the New plan page
    "nav.new_plan": ("新建规划", "New plan"),
    "newplan.title": ("新建规划：从文本生成草稿目录", "New plan: draft a catalog from the text"),
    "newplan.help": ("粘贴规划全文或上传文件（纯文本、HTML、接口 JSON），核对候选目标，勾选并修改后下载或保存。",
                     "Paste the plan's text or upload it (plain text, HTML, API JSON), check the candidates, tick and "
                     "edit them, then download or save."),
    "newplan.paste": ("粘贴规划文本", "Paste the plan's text"),
    "newplan.upload": ("或上传文件", "Or upload a file"),
    "newplan.plan_id": ("规划编号（可留空自动生成）", "Plan ID (leave empty for one made up)"),
    "newplan.read": ("读取", "Read"),
    "newplan.nothing": ("请先粘贴文本或上传文件。", "Paste a text or upload a file first."),
    "newplan.bad_id": ("规划编号只能用小写字母、数字和连字符，例如 plan-2019-32", "A plan ID has lowercase letters, "
                       "digits and hyphens only, e.g. plan-2019-32"),
    "newplan.plan": ("规划：{title}（{document}），{base}—{target} 年", "Plan: {title} ({document}), {base}–{target}"),
    "newplan.candidates": ("候选目标：{n} 项（勾选要保留的）", "Candidates: {n} (tick the ones to keep)"),
    "newplan.unparsed": ("未能读出的语句：{n} 句", "Sentences not read: {n}"),
    "newplan.valid": ("草稿通过校验：{n} 项。", "The draft validates: {n} entries."),
    "newplan.invalid": ("草稿有 {n} 处校验问题：", "The draft has {n} validation problem(s):"),
    "newplan.row_problem": ("第 {row} 行（{name}）{field}：{message}", "Row {row} ({name}) {field}: {message}"),
    "newplan.plan_problem": ("规划信息 {field}：{message}", "Plan block {field}: {message}"),
    "newplan.yaml": ("草稿 YAML", "The draft's YAML"),
    "newplan.download": ("下载 YAML", "Download the YAML"),
    "newplan.save": ("保存为 plans/{id}.yaml", "Save as plans/{id}.yaml"),
    "newplan.saved": ("已保存 {path}，目录已刷新。", "Saved {path}; the catalog was reloaded."),
    "newplan.not_included": ("文件已保存，但目录 {path} 没有包含 plans/*.yaml：请在其中加入 include: [plans/*.yaml]",
                             "Saved, but the catalog {path} does not include plans/*.yaml: add include: "
                             "[plans/*.yaml] to it"),
    "newplan.exists": ("{path} 已存在，未覆盖。", "{path} exists: not overwritten."),
    "newplan.col_keep": ("保留", "Keep"),
    "newplan.col_name": ("指标名称", "Name"),
    "newplan.col_unit": ("单位", "Unit"),
    "newplan.col_kind": ("类型", "Kind"),
    "newplan.col_direction": ("方向", "Direction"),
    "newplan.col_year": ("目标年", "Target year"),
    "newplan.col_value": ("目标值", "Target"),
    "newplan.col_op": ("比较", "Op"),
    "newplan.col_source": ("原句", "Sentence"),
    "newplan.col_checks": ("待核对", "To check"),
    "newplan.none_kept": ("没有勾选任何目标。", "No target is ticked."),
}
