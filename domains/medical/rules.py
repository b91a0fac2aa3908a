"""The medical domain's coherence contract: the rules the engine enforces on every record, and `verify`."""

from __future__ import annotations

import numpy as np

from . import adult_checks, checks, contradictions, courses, lab_words, paediatric_checks, subtypes, treatment_failure
from . import allergy_history, complaint_phrase, complaint_workups, eczema_stage, exam_words, home_drugs, urate
from . import glucose_lab, habits, vitals_remarks
from .fields import DOMAIN

# -- the coherence contract ------------------------------------------------------------------------------------------
# Every rule reads output fields only (and options["as_of"]), so `synth.domains.medical.check(frame)` can verify any
# file; generation builds each of them in, and the engine checks every record against them.
DOMAIN.rule("id_number_agrees_with_identity",
             "the ID number has a real county code and the sex's parity; unmasked it encodes the birth date and has "
             "a valid MOD 11-2 check character", ("id_number", "birth_date", "sex"))(checks.identity_agrees)


DOMAIN.rule("masking_follows_option", "mask=true masks name, phone and ID number; mask=false masks none",
             ("name", "phone", "id_number"))(checks.masking_follows_option)


DOMAIN.rule("age_is_years_at_visit", "age is the whole years from birth_date to visit_date",
             ("age", "birth_date", "visit_date"))(checks.age_is_whole_years_at_visit)


DOMAIN.rule("visit_within_window", "visit_date lies within visit_window_days up to as_of, and after birth_date",
             ("visit_date", "birth_date"))(checks.visit_in_window)


DOMAIN.rule("hypertension_has_evidence",
             "a hypertension diagnosis (I10) has blood pressure at or above 140/90 mmHg or an antihypertensive drug "
             "(prescribed, or taken long-term as the past history says)",
             ("diagnoses", "sbp", "dbp", "medications", "past_history"))(checks.hypertension_evidenced)


DOMAIN.rule("high_blood_pressure_is_diagnosed_or_noted",
             "blood pressure at or above 140/90 mmHg without I10 is the undiagnosed fraction: the plan notes "
             "血压升高", ("sbp", "dbp", "diagnoses", "note"))(checks.high_pressure_explained)


DOMAIN.rule("diabetes_has_evidence",
             "a type 2 diabetes diagnosis (E11.9) has fasting glucose at or above 7.0 mmol/L or a glucose-lowering "
             "drug (prescribed, or taken long-term as the past history says)",
             ("diagnoses", "fasting_glucose", "medications", "past_history"))(checks.diabetes_evidenced)


DOMAIN.rule("high_glucose_is_diagnosed_or_noted",
             "fasting glucose at or above 7.0 mmol/L without E11.9 is the undiagnosed fraction: the plan notes "
             "血糖升高", ("fasting_glucose", "diagnoses", "note"))(checks.high_glucose_explained)


DOMAIN.rule("glucose_is_a_lab_result",
             "空腹血糖 is not a vital sign: the 检查结果 line holds none; a measured fasting glucose is reported in "
             "辅助检查 (never beside 暂未行辅助检查) and only where the visit measures it (known diabetes, an "
             "endocrine or cardiovascular reason, the endocrine clinic); glucose_lab.py",
             ("fasting_glucose", "investigations", "diagnoses", "medications", "department", "note"))(
    glucose_lab.glucose_is_a_lab_result)


DOMAIN.rule("fever_diagnosis_has_fever",
             "a fever diagnosis (conditions.tsv fever=1) has a temperature of at least 37.3 ℃ and 发热/高热 in the "
             "chief complaint", ("diagnoses", "temperature", "chief_complaint"))(checks.fever_diagnosis_febrile)


DOMAIN.rule("fever_has_a_cause",
             "a temperature of 37.3 ℃ or more has a fever diagnosis and fever in the chief complaint",
             ("temperature", "diagnoses", "chief_complaint"))(checks.fever_explained)


DOMAIN.rule("complained_fever_is_measured", "a chief complaint of 发热/高热 comes with a temperature of at least 37.3 ℃",
             ("chief_complaint", "temperature"))(checks.complained_fever_measured)


DOMAIN.rule("pregnancy_only_in_women_15_to_50", "a pregnancy diagnosis (Z34.9) only for women aged 15 to 50",
             ("diagnoses", "sex", "age"))(checks.pregnancy_fits)


DOMAIN.rule("prostate_disease_only_in_men", "prostate diagnoses (N40, N41.1) only for men", ("diagnoses", "sex"))(checks.prostate_fits)


DOMAIN.rule("paediatrics_only_under_14", "the 儿科 department only for patients under 14", ("department", "age"))(checks.paediatrics_fits)


DOMAIN.rule("department_fits_primary_diagnosis",
             "patients under 14 attend 儿科, others the primary diagnosis's department; 妇科 and 产科 only women",
             ("department", "age", "sex", "diagnoses"))(checks.department_fits)


DOMAIN.rule("no_adult_chronic_disease_in_children",
             "no chronic disease that starts in adulthood (age_min 18 or more: hypertension, diabetes, CHD …) under 14",
             ("diagnoses", "age"))(checks.no_adult_chronic_in_children)


DOMAIN.rule("diagnoses_fit_age_and_sex",
             "every diagnosis is a known ICD-10 code and name, within its condition's sex and age range",
             ("diagnoses", "age", "sex"))(checks.diagnoses_fit_age_and_sex)


DOMAIN.rule("bmi_is_weight_over_height_squared",
             "bmi equals weight_kg / (height_cm / 100)² rounded to one decimal (within 0.05)",
             ("bmi", "height_cm", "weight_kg"))(checks.bmi_consistent)


DOMAIN.rule("height_and_weight_fit_age_and_sex",
             "from five years, height within 4 SD of the age and sex reference, BMI within 4 log-SD (obesity "
             "allowed)", ("height_cm", "bmi", "age", "sex"))(checks.body_fits_age)


DOMAIN.rule("growth_fits_age_in_months",
             "under five, length/height and weight within 4 SD of the WHO Child Growth Standards at the age in "
             "months (growth.tsv), and weight-for-age within 4 SD of the child's height-for-age (no 1-month-old "
             "of 79.7 cm and 12.3 kg)", ("height_cm", "weight_kg", "age", "sex", "birth_date", "visit_date"))(
    checks.growth_fits_age_in_months)


DOMAIN.rule("obesity_matches_bmi",
             "from age 6, an obesity diagnosis exactly when BMI reaches the cut-off (adults 28.0; children z ≥ +2)",
             ("diagnoses", "bmi", "age", "sex"))(checks.obesity_matches_bmi)


DOMAIN.rule("vitals_are_physiological",
             "blood pressure, pulse pressure, heart and breathing rate, temperature and glucose in human ranges",
             ("sbp", "dbp", "heart_rate", "resp_rate", "temperature", "fasting_glucose"))(checks.vitals_physiological)


DOMAIN.rule("breathless_history_breathes_fast",
             "a present illness telling breathlessness at rest (气促, 呼吸急促, 喘息; not 无气促 or 活动后气促) has a "
             "fast respiratory rate: over 20 from 14 years, from the age's mean + 2 SD below",
             ("present_illness", "resp_rate", "age", "sex"))(checks.breathless_history_breathes_fast)


DOMAIN.rule("drugs_are_indicated", "every drug is in drugs.tsv and indicated for one of the diagnoses",
             ("medications", "diagnoses"))(checks.drugs_indicated)


DOMAIN.rule("doses_fit_age",
             "14 and over: the label's adult dose and frequency; under 14: the children's frequency and dose (by "
             "weight where the label doses by weight); oral rehydration salts 50 ml/kg over 4 hours when the "
             "examination shows dehydration, otherwise a volume after each loose stool by age",
             ("medications", "age", "weight_kg", "exam_findings", "birth_date", "visit_date"))(checks.doses_fit_age)


DOMAIN.rule("child_doses_are_measurable",
             "under 14 a dose is what a parent can give: whole or half tablets and whole capsules of the "
             "formulation's strength, fractions of a sachet, ml in 0.5 ml steps (drops 0.1 ml), the amount written "
             "beside the dose (150mg（7.5ml）, 125mg（半片）); a weight-based dose within 0.7-1.4 times the label's "
             "per-kg range for the weight, or at the children's maximum (drugs.tsv strength, smallest)",
             ("medications", "age", "weight_kg"))(checks.child_doses_are_measurable)


DOMAIN.rule("one_drug_per_class",
             "never two drugs of one class (ACE inhibitors and ARBs, systemic antibacterials, oral analgesics, "
             "sedatives, antidepressants each count as one)", ("medications",))(checks.one_drug_per_class)


DOMAIN.rule("no_contraindicated_drug",
             "no drug contraindicated by a diagnosis, age under 18, a recorded allergy or pregnancy "
             "(contraindications.tsv, drugs.tsv pregnancy), nor a pressor cold remedy (pseudoephedrine: 酚麻美敏片; "
             "ephedra: 连花清瘟胶囊) beside a pressure of 140/90 mmHg or more measured at the visit (pressor.py)",
             ("medications", "diagnoses", "age", "past_history", "sbp", "dbp"))(checks.no_contraindicated_drug)


DOMAIN.rule("complaint_belongs_to_diagnoses",
             "the chief complaint names a symptom of one of the diagnoses with a duration in that symptom's range",
             ("chief_complaint", "diagnoses"))(checks.complaint_fits)


DOMAIN.rule("present_illness_belongs_to_primary", "the present illness tells a symptom of the primary diagnosis",
             ("present_illness", "diagnoses"))(checks.present_illness_fits)


DOMAIN.rule("findings_belong_to_primary", "exam_findings states a finding of the primary diagnosis",
             ("exam_findings", "diagnoses"))(checks.findings_fit)


DOMAIN.rule("primary_is_treated",
             "the visit's reason (the primary diagnosis) gets a drug indicated for it, unless none is allowed for "
             "the patient (age, formulation, contraindication, allergy, pregnancy)",
             ("medications", "diagnoses", "age", "past_history"))(checks.primary_is_treated)


DOMAIN.rule("first_line_treatment",
             "the visit's reason gets each step of its first-line treatment (conditions.tsv first_line): a systemic "
             "antibacterial for tonsillitis, pneumonia, otitis media and UTI, an antipyretic for a febrile illness, "
             "a topical drug for eczema, eye drops for conjunctivitis, rehydration for diarrhoea — unless the "
             "patient may have none of its drugs", ("medications", "diagnoses", "age", "past_history"))(
    checks.first_line_treatment)


DOMAIN.rule("fever_words_fit_temperature",
             "threshold words at their thresholds: the present illness's maximum temperature is at least today's; "
             "高热 means 39.1 ℃ or more, 低热 37.3-38.0 ℃", ("chief_complaint", "present_illness", "temperature"))(
    checks.fever_words_fit_temperature)


DOMAIN.rule("general_state_agrees",
             "the general state agrees between present illness and examination (no 精神稍差 then 精神可), and no "
             "查体合作 under 3 years", ("present_illness", "exam_findings", "age"))(checks.general_state_agrees)


DOMAIN.rule("normal_exam_fits_department",
             "normal-exam lines belong to the department (department_exam.tsv: no throat line in cardiology), and "
             "no note refers the patient to the department they are in", ("exam_findings", "department"))(
    checks.normal_exam_fits_department)


DOMAIN.rule("history_years_fit_onset",
             "a known condition's years since diagnosis fit the age: diagnosed no earlier than its usual onset age "
             "(conditions.tsv onset_min: hypertension, diabetes, hyperlipidaemia 35, CHD 45 …) and at most "
             "history_max years ago", ("past_history", "diagnoses", "age"))(checks.history_years_fit_onset)


DOMAIN.rule("infant_symptoms_are_observed",
             "under 3 the complaint and present illness neither state nor deny a symptom only the patient could "
             "report (畏寒, 头痛, 耳痛, 咳白痰, 胸痛 …): the parent describes what they see (哭闹, 拒奶, 抓耳)", ("chief_complaint",
             "present_illness", "age"))(checks.infant_symptoms_are_observed)


DOMAIN.rule("advice_fits_age",
             "under 3 the plan advises on feeding and watching the child, never on diet, spice or tobacco "
             "(忌烟酒, 清淡饮食); under 14 never on tobacco or alcohol; under 14 and from 80 never the adult 150 "
             "minutes of activity a week; an adult below BMI 24 is not told to control or lose weight",
             ("note", "age", "bmi"))(checks.advice_fits_age)


DOMAIN.rule("findings_agree_on_variant",
             "one description per finding: history and examination name one variant of the visit's reason "
             "(vaginitis: 鱼腥味 BV, 豆渣样 candida, 黄绿色泡沫状 trichomonas) and its drugs treat it",
             ("present_illness", "exam_findings", "medications", "diagnoses"))(checks.findings_agree_on_variant)


DOMAIN.rule("history_agrees_with_itself",
             "the present illness never claims the opposite of what it states (contradictions.py: 拒奶 and 纳可, "
             "活动后气短 and 无胸闷、气促, a known insomnia and 睡眠可, 发病以来 in a normal pregnancy)",
             ("chief_complaint", "present_illness", "diagnoses"))(contradictions.history_agrees_with_itself)


DOMAIN.rule("contact_not_denied",
             "a present illness that tells an onset after contact with the sick (接触感冒的同事后, 托幼机构有类似病例) is "
             "never beside a past history saying 否认传染病接触史 (contact.py)",
             ("present_illness", "past_history"))(contradictions.contact_not_denied)


DOMAIN.rule("findings_do_not_contradict",
             "no examination finding contradicts the present illness (checks.CONTRADICTIONS: a dry cough, 干咳, "
             "is not heard as 痰鸣音)", ("present_illness", "exam_findings"))(checks.findings_do_not_contradict)


DOMAIN.rule("flu_antigen_fits_diagnosis",
             "a positive influenza antigen test (甲型/乙型流感病毒抗原阳性) appears exactly where influenza (J10.1) is "
             "diagnosed; oseltamivir is indicated for influenza alone (drugs_indicated)",
             ("investigations", "diagnoses"))(checks.flu_antigen_fits_diagnosis)


DOMAIN.rule("hla_screen_before_allopurinol",
             "a gout or hyperuricaemia visit that starts allopurinol shows the HLA-B*5801 screen (中国高尿酸血症与痛风"
             "诊疗指南 2019); a continued allopurinol and every other record do not",
             ("investigations", "diagnoses", "medications", "past_history", "present_illness"))(
    checks.hla_screen_before_allopurinol)


DOMAIN.rule("start_doses_on_kidney_function",
             "an adult visit that begins allopurinol or metformin (prescribed for the visit's reason, not named in the "
             "histories) gives the label's start dose (allopurinol 100mg once a day, 50mg below eGFR 60; metformin 0.5g "
             "twice a day) with the creatinine and eGFR in 辅助检查; a drug already taken keeps its maintenance dose "
             "(start_doses.py)",
             ("investigations", "diagnoses", "medications", "past_history", "present_illness", "age"))(
    checks.start_doses_on_kidney_function)


DOMAIN.rule("pneumonia_admission_advised",
             "an adult pneumonia with CRB-65 of 2 or more (age from 65, respiratory rate from 30, systolic below 90 or "
             "diastolic 60 or less), or from 65 with a chronic diagnosis, and a pneumonia below 18 with both lungs on the "
             "film (多肺叶受累, severe by 儿童社区获得性肺炎诊疗规范 2019) are advised admission (建议住院治疗) in the "
             "plan; no other note says so", ("note", "diagnoses", "age", "resp_rate", "sbp", "dbp", "investigations"))(
    checks.pneumonia_admission_advised)


DOMAIN.rule("steady_claim_fits_pressure",
             "no plan says 病情平稳 beside a blood pressure measured at or above 140/90 mmHg (the uncontrolled pressure "
             "is acted on by the department that owns it or referred with its reading)", ("note", "sbp", "dbp"))(
    checks.steady_claim_fits_pressure)


DOMAIN.rule("sputum_sounds_only_in_small_children",
             "痰鸣音 in the examination only under 6 years (an older child's or adult's chest is heard as 干湿啰音)",
             ("exam_findings", "age"))(checks.sputum_sounds_only_in_small_children)


DOMAIN.rule("drugs_within_department_scope",
             "every drug treats the visit's reason or continues a chronic comorbidity the department looks after "
             "(its own department; 普通内科 for internal-medicine conditions; 儿科 for a child)",
             ("medications", "diagnoses", "department"))(checks.drugs_within_department_scope)


DOMAIN.rule("no_duplicate_ingredient",
             "no active ingredient twice in one visit, compound preparations included (drugs.tsv ingredients; "
             "对乙酰氨基酚片 with 复方氨酚烷胺片 is paracetamol twice)", ("medications",))(checks.no_duplicate_ingredient)


DOMAIN.rule("no_duplicate_ingredient_class",
             "no two drugs whose active ingredients share a class (ingredient_classes.tsv), compound preparations "
             "included: 酚麻美敏片 (chlorphenamine) with cetirizine is two antihistamines, with 连花清瘟 (麻黄) two "
             "sympathomimetics, 复方氨酚烷胺片 (amantadine) with oseltamivir two influenza antivirals",
             ("medications",))(checks.no_duplicate_ingredient_class)


DOMAIN.rule("formulation_fits_age",
             "each formulation is for the patient's age (drugs.tsv ages: 混悬滴剂 under 3, granules and dry "
             "suspensions for small children, tablets and capsules from the label's age)",
             ("medications", "age"))(checks.formulation_fits_age)


DOMAIN.rule("investigations_fit_diagnosis",
             "辅助检查 fits the visit's reason: a chest film or CT for pneumonia, a urine test for a urinary infection, "
             "HbA1c for diabetes, a raised white count (over 10×10⁹/L) and CRP for a bacterial infection, a normal "
             "count for a viral fever; H. pylori breath test for an ulcer or chronic gastritis, gastroscopy for an ulcer (gastroscopy for chronic "
             "gastritis from 40), abdominal ultrasound for fatty liver, urine culture for a urinary infection under "
             "3, thyroid ultrasound for hyperthyroidism, the lipid panel for dyslipidaemia, each nowhere else; a blood "
             "count for a viral fever of 3 days, of 39.5 ℃, or from 65 at 38.5 ℃; an influenza antigen test for every "
             "influenza visit and for an upper respiratory infection at 38.5 ℃ from November to March",
             ("investigations", "diagnoses", "age", "chief_complaint", "visit_date", "temperature", "present_illness"))(checks.investigations_fit)


DOMAIN.rule("nsaids_fit_the_patient",
             "no oral NSAID from 65 or with a stomach condition, kidney disease, coronary disease, depression or "
             "anxiety (paracetamol or a topical NSAID instead), and no interacting drugs together (NSAID with ACE "
             "inhibitor/ARB and diuretic, NSAID with antiplatelet or SSRI, two sedatives; interactions.py)",
             ("medications", "diagnoses", "age"))(checks.nsaids_fit_the_patient)


DOMAIN.rule("complaint_is_examined",
             "the organ the complaint names is examined: a sore throat (咽痛, 咽部不适) has a throat finding, an "
             "earache an ear finding, a running ear (流脓) a perforated eardrum, and a perforation is told as 流脓; "
             "every respiratory or febrile visit examines the lungs (auscultation.py)",
             ("chief_complaint", "present_illness", "exam_findings", "diagnoses"))(
    checks.complaint_is_examined)


DOMAIN.rule("removed_organ_not_examined",
             "an organ the past history says was removed is not examined as present: after 扁桃体切除术 the exam "
             "says 双侧扁桃体缺如, after 胆囊切除术 no 墨菲征, after 阑尾切除术 no 麦氏点, after 子宫切除术 no 子宫 line",
             ("past_history", "exam_findings"))(checks.removed_organ_not_examined)


DOMAIN.rule("symptomatic_drugs_fit_symptoms",
             "a drug for a symptom treats a symptom the record has: a cough suppressant a dry cough (干咳), an "
             "expectorant a cough with sputum, an antipyretic for a cold, pneumonia, tonsillitis, HFMD or "
             "herpangina a maximum of 38.5 ℃ or more (or an adult's headache, sore throat, aches), ear drops a "
             "running ear (流脓); no drug for cervicitis found on a check-up (体检发现: screened, not treated); "
             "no drug for a hyperuricaemia visit below the guideline's urate threshold (540 μmol/L, 480 with a "
             "comorbidity); a weight-loss drug only at a visit for obesity with a comorbidity (lifestyle first); "
             "a positive H. pylori breath test eradicated and eradication only then; no metformin from 65 and no "
             "lipid or liver drug under 40 with a BMI below 18.5",
             ("medications", "diagnoses", "age", "chief_complaint", "present_illness", "temperature",
              "investigations", "bmi", "exam_findings"))(
    checks.symptomatic_drugs_fit)


DOMAIN.rule("plan_changes_name_the_drug",
             "every plan verb that changes a drug (调整/加量/换用/加用/加至) is followed by the drug it changes to; "
             "an uncontrolled comorbidity is deferred or referred without an unnamed 调整…方案", ("note",))(
    checks.plan_changes_name_the_drug)


DOMAIN.rule("rehydration_fits_the_losses",
             "at a gastroenteritis or infant diarrhoea visit, oral rehydration salts exactly for the dehydrated "
             "(a sign in the examination), every child with loose stools and an adult with 6 or more a day; never "
             "for vomiting alone without dehydration; a stool drug only with loose stools, an antiemetic only with "
             "vomiting (rehydration.py)",
             ("medications", "diagnoses", "age", "chief_complaint", "present_illness", "exam_findings"))(
    checks.rehydration_fits_the_losses)


# -- children's visits a paediatrician would sign (paediatric_checks.py) ---------------------------------------------
DOMAIN.rule("febrile_young_infant_referred",
             "at a visit for a fever condition, an infant under 3 months at 38 ℃ or more (today or the history's "
             "maximum) is referred to the paediatric emergency department (儿科急诊) with no drug written; 3-6 months at "
             "39 ℃ or more has a urine test and a review within 24 hours (NICE NG143); no other "
             "plan says either", ("note", "medications", "diagnoses", "temperature", "present_illness", "birth_date",
                                  "visit_date"))(paediatric_checks.febrile_young_infant_referred)



DOMAIN.rule("diagnoses_fit_age_in_months",
             "every diagnosis is one the patient has reached in months (paediatric_age_floors.tsv: no otitis media, "
             "HFMD or herpangina before 6 months, no eczema in the first month, no tonsillitis before 12 months)",
             ("diagnoses", "birth_date", "visit_date"))(paediatric_checks.diagnoses_fit_age_in_months)



DOMAIN.rule("dehydrated_child_rehydrated_under_observation",
             "under 14, an examination showing dehydration (皮肤弹性稍差, 眼窝稍凹陷) has a pulse at or above the age's "
             "mean + 2 SD, no normal urine in the history, and a plan that gives the salts under observation in the "
             "clinic (门诊观察) with intravenous fluids (静脉补液) if they cannot be drunk (WHO plan B), never at home "
             "alone; no other plan says 门诊观察", ("exam_findings", "heart_rate", "present_illness", "note", "age",
                                                    "sex"))(paediatric_checks.dehydrated_child_rehydrated_under_observation)



DOMAIN.rule("child_growth_is_remarked",
             "under 14 a BMI-for-age below -2 SD (消瘦), from 5 years from +1 SD (超重) or, at 5, from +2 SD (按年龄BMI评价为"
             "肥胖) is named in the plan (an obesity diagnosed from 6 has its own advice), and a normal one is not "
             "(paediatric_growth.py); thinness from 2 years (WHO BMI-for-age -2 SD), unless a child under five is "
             "already named underweight", ("bmi", "age", "sex", "diagnoses", "note", "weight_kg", "birth_date",
                                            "visit_date"))(
    paediatric_checks.child_growth_is_remarked)
DOMAIN.rule("first_reading_of_hypertension_by_grade",
             "a hypertension found at this visit is treated by its grade and risk (中国高血压防治指南 2018/2024): "
             "grade 1 without diabetes, CKD, coronary or cerebrovascular disease, raised glucose or 左心室高电压 gets no "
             "antihypertensive and a plan that waits on lifestyle change; any other first reading starts a drug",
             ("diagnoses", "present_illness", "past_history", "sbp", "dbp", "investigations", "exam_findings",
              "medications", "note"))(adult_checks.first_reading_by_grade)


DOMAIN.rule("first_reading_rests_on_repeated_readings",
             "a hypertension found at this visit (I10, neither history naming one) rests on raised readings on "
             "several days told in the present illness (非同日/多次), or on grade 3 or 左心室高电压 today "
             "(中国高血压防治指南 2018): one office reading is no diagnosis",
             ("diagnoses", "present_illness", "past_history", "sbp", "dbp", "investigations", "exam_findings"))(
    adult_checks.first_reading_repeated)


DOMAIN.rule("first_reading_grade_fits_readings",
             "a hypertension found at this visit is graded by the highest reading the note tells: no reading of the "
             "present illness (最高…/…mmHg, 自测血压在…mmHg左右) is of a higher grade than today's, which the plan names "
             "(中国高血压防治指南 2018 grades)", ("diagnoses", "present_illness", "past_history", "sbp", "dbp",
                                              "investigations", "exam_findings"))(
    adult_checks.first_reading_grade_fits_readings)


DOMAIN.rule("lipids_by_ascvd_risk",
             "a dyslipidaemia visit states its ASCVD risk group and LDL-C target (中国血脂管理指南 2023) and acts on them: "
             "血脂控制达标 only below the target, no lipid drug only for 中低危 below 4.9 mmol/L with the lifestyle plan, a "
             "drug started only above the target (中低危 from 4.9)",
             ("diagnoses", "age", "investigations", "medications", "note"))(adult_checks.lipids_by_risk)


DOMAIN.rule("lab_words_fit_values",
             "each lab value agrees with the words about it by the published cut-offs (lab_words.py): a complaint "
             "of raised triglycerides shows TG ≥ 2.3 mmol/L, of raised cholesterol LDL-C ≥ 4.1 or TC ≥ 6.2, "
             "体检发现血脂升高 one of them; 血脂控制达标 TG below 1.7 and TC below 6.2; a history of 肝功能正常 no ALT "
             "above 40 U/L (on the dyslipidaemia, obesity and NAFLD visits that show them)",
             ("diagnoses", "chief_complaint", "present_illness", "past_history", "investigations", "note"))(
    lab_words.lab_words_fit_values)


DOMAIN.rule("antibacterial_course_stated",
             "every antibacterial line states its course (每日三次，疗程10天) as courses.py has it for the visit's "
             "reason, the drug's class and route, the age and sex (tonsillitis 10 days, azithromycin 5, pneumonia 7, "
             "a woman's cystitis 3-7, eye drops 5-7 ...); fosfomycin is one dose; H. pylori eradication states "
             "疗程14天 once before its lines", ("medications", "diagnoses", "age", "sex", "note"))(courses.courses_stated)


DOMAIN.rule("conjunctivitis_drops_follow_discharge",
             "a conjunctivitis visit's examination tells its kind (subtypes.py): antibacterial eye drops with a "
             "mucopurulent discharge (黏液脓性) and never beside a watery one (水样, viral: artificial tears, no "
             "antibiotic); no mucopurulent discharge without them", ("diagnoses", "medications", "exam_findings"))(
    subtypes.conjunctivitis_drops_follow_discharge)


DOMAIN.rule("subtype_work_ups_done",
             "a subtype's work-up is shown (subtypes.py): a cervicitis on an antibacterial has its chlamydia and "
             "gonorrhoea nucleic acid tests; a NAFLD visit its hepatitis B and C serology and the history's word that "
             "the patient does not drink; a diabetes first found under 40 or with a BMI below 24 its islet "
             "autoantibodies and C-peptide", ("diagnoses", "medications", "investigations", "present_illness",
                                             "past_history", "age", "bmi"))(subtypes.subtype_work_ups_done)


# Two text checks cost about as much as generating the text, so they are not run on every batch: `verify` runs
# them together with every rule (the tests do, on 10,000 records by default and 100,000 in the slow test).
EXTRA_CHECKS = {
    "present_illness_denies_nothing_complained": (
        "the present illness never denies (无…) a symptom the chief complaint states", checks.no_denied_complaint),
    "note_agrees_with_fields": (
        "the note repeats the record line by line: name, sex, visit, each section verbatim (辅助检查 too), "
        "measurements, every diagnosis (name and code, in order) and every drug", checks.note_agrees),
}


DOMAIN.rule("warnings_describe_a_change",
             "a return-visit warning describes a change from the state the note records: none of its items is a sign "
             "the complaint, present illness or examination has (出现渗液 beside weeping eczema, 尿量减少 beside "
             "oliguria, 胸痛 beside chest pain) and no duration threshold is one the illness has reached (咳嗽超过2周 "
             "at 18 days); return_signs.py", ("note", "chief_complaint", "present_illness", "exam_findings"))(
    checks.warnings_describe_a_change)



DOMAIN.rule("child_daily_doses_fit_weight",
             "under 14 a weight-based line's day total (dose times doses a day) lies within the label's mg/kg range "
             "per day for the weight, or is the largest measurable dose at the daily maximum, and never above it "
             "(the indication's daily maximum, 阿莫西林 4 g a day at the high dose of 80-90 mg/kg a day, else the "
             "single maximum times the doses a day); daily_doses.py", ("medications", "diagnoses", "age", "weight_kg"))(
    checks.child_daily_doses_fit_weight)


DOMAIN.rule("eczema_treated_by_stage",
             "an eczema's prescription follows the stage the examination shows (湿疹诊疗指南（中国）2011): exudative "
             "(渗出) is dried with 硼酸洗液 cold wet dressings listed before any cream or ointment (from 1 year); chronic lichenified "
             "(苔藓样变) gets a stronger steroid or tacrolimus, never hydrocortisone butyrate; eczema_stage.py",
             ("exam_findings", "medications", "diagnoses", "age"))(checks.eczema_treated_by_stage)


DOMAIN.rule("adult_dehydration_worked_up",
             "from 14 an examination showing dehydration (皮肤弹性稍差, 眼窝稍凹陷) has the plan order electrolytes and "
             "kidney function (急查血电解质及肾功能) and hold each diuretic the past history names (脱水纠正前暂停氢氯噻嗪片), "
             "which is not prescribed; no other plan says either; fluid_loss.py",
             ("note", "exam_findings", "past_history", "medications", "age"))(checks.adult_dehydration_worked_up)

DOMAIN.rule("alarm_workup_ordered",
             "a reflux visit from 45, with an alarm feature (食欲减退, 体重下降, 吞咽困难, 黑便, 贫血) or on a proton-pump "
             "inhibitor has a gastroscopy done or advised; a PSA on finasteride or dutasteride is read doubled "
             "(PSA按实测值2倍解读) and a doubled value of 4 ng/ml or more has free PSA and MRI advised; a thyroid disease "
             "on its drug has thyroid function measured or ordered; alarms.py",
             ("note", "investigations", "past_history", "present_illness", "diagnoses", "age"))(checks.alarm_workup_ordered)


DOMAIN.rule("complaint_addressed",
             "a raised pressure's symptom (头痛, 头晕, 颈项部发紧 ...) does not open a hypertension visit whose plan says "
             "血压控制达标 (nothing would explain it); snoring in the complaint or present illness has 多导睡眠监测 "
             "advised (obstructive sleep apnoea not excluded); alarms.py",
             ("chief_complaint", "present_illness", "note", "diagnoses"))(checks.complaint_addressed)

DOMAIN.rule("worse_on_treatment_answered",
             "a visit for a known condition that tells symptoms on the drug the patient takes regularly and only continues "
             "it answers the failure (treatment_failure.py): iron that fails has adherence, faecal occult blood, gastro- "
             "and colonoscopy (a woman's gynaecological cause) and intravenous iron considered; raised thyroid hormones "
             "on an antithyroid drug definitive treatment; angina on secondary prevention coronary imaging; a symptomatic "
             "CKD its progression assessed; symptoms with thyroid function in range another cause sought; a relapsing "
             "prostatitis a culture and the alpha-blocker step; none says 病情平稳",
             ("diagnoses", "chief_complaint", "present_illness", "note"))(treatment_failure.worse_on_treatment_answered)


DOMAIN.rule("complaint_worked_up",
             "the complaint's own work-up is done or ordered whatever it was put down to (complaint_workups.py): months "
             "of breathlessness on exertion from 14 an ECG, chest film and echocardiogram (not at a COPD, asthma or coronary "
             "visit); eye pain with photophobia visual acuity, slit lamp and fluorescein; a month of numbness nerve "
             "conduction and EMG (carpal tunnel); 6 or more watery stools a day a stool test; an adult's vomiting "
             "oral fluids (salts or advice)",
             ("diagnoses", "chief_complaint", "present_illness", "investigations", "note", "age", "sex"))(
    complaint_workups.complaint_worked_up)


DOMAIN.rule("allergy_history_before_prescribing",
             "a visit that prescribes records the allergy history in 既往史: the recorded allergy or its denial "
             "(否认药物过敏史); allergy_history.py", ("medications", "past_history"))(
    allergy_history.allergy_history_before_prescribing)


DOMAIN.rule("gout_kept_on_urate_lowering",
             "a known gout in the past history takes a urate-lowering drug (allopurinol, febuxostat, benzbromarone), "
             "never colchicine as its standing drug (中国高尿酸血症与痛风诊疗指南 2019; model.STANDING_CLASSES)",
             ("past_history",))(urate.gout_kept_on_urate_lowering)


DOMAIN.rule("continued_drugs_complete",
             "a plan that continues the standing drugs (继续原方案) names every drug the past history says the patient "
             "takes: those another department writes as 其余长期用药（…）继续按原剂量使用 (home_drugs.py)",
             ("past_history", "note"))(home_drugs.continued_drugs_complete)


DOMAIN.rule("abnormal_vitals_remarked",
             "from 14 a shock index (pulse / systolic) of 1.0 or more is remarked with a recheck before leaving "
             "(休克指数); under 14 a pulse above the age's upper normal (160 under 1, 150 to 2, 140 to 5, 120 to 12, "
             "100) is put down to the fever or rechecked (复测心率); no other plan says either; vitals_remarks.py",
             ("age", "sex", "heart_rate", "sbp", "note"))(vitals_remarks.abnormal_vitals_remarked)


DOMAIN.rule("eczema_steroid_first",
             "an eczema visit's topical anti-inflammatory is a corticosteroid, not tacrolimus (conditions.tsv first_line "
             "prefers 外用糖皮质激素), and its history names no trigger of another diagnosis (新护肤品: contact dermatitis; "
             "食用海鲜后: urticaria); eczema_stage.py", ("diagnoses", "medications", "present_illness"))(
    eczema_stage.eczema_steroid_first)


DOMAIN.rule("advice_presumes_no_habit",
             "no plan tells the patient to stop smoking or drinking as if the record said they did (戒烟限酒, 忌烟酒, 戒酒): "
             "stopping smoking is told only to a smoker the 个人史 records (advice_fits_habits); allergy_history.py",
             ("note",))(allergy_history.advice_presumes_no_habit)


DOMAIN.rule("advice_fits_habits",
             "a plan tells the patient to stop smoking (戒烟) only where the past history records current smoking, and "
             "no longer says the conditional 如吸烟应戒烟 where the history has taken the habits; habits.py",
             ("past_history", "note"))(habits.advice_fits_habits)


DOMAIN.rule("habits_agree_with_illness",
             "the past history's smoking and drinking agree with the present illness (饮酒后, 饮酒较多 or 饮啤酒: a "
             "drinker; 无饮酒嗜好, 不饮酒: none; 有长期吸烟史: no denial of smoking); habits.py",
             ("present_illness", "past_history"))(habits.habits_agree_with_illness)


DOMAIN.rule("complaint_is_one_phrase",
             "a chief complaint names its symptoms and duration in one phrase: at most one 伴, none tacked on after the "
             "duration (发热伴流涕、咽痛1天, not 发热伴流涕1天，伴咽痛) but pregnancy's 停经7周，伴恶心; complaint_phrase.py",
             ("chief_complaint",))(complaint_phrase.complaint_is_one_phrase)


DOMAIN.rule("exam_has_no_advice",
             "查体 states findings only: no advice (建议, 嘱, 复诊) inside it; the word on an undiagnosed high blood "
             "pressure or glucose is the plan's; exam_words.py", ("exam_findings",))(exam_words.exam_has_no_advice)


def verify(frame, as_of=None, **options) -> dict[str, int]:
    """Violations per rule and extra check for a frame of medical records (for example a file read back).

    `options` are the domain options the file was made with (mask, visit_window_days ...); `as_of` the
    generation date (default 2025-01-01).
    """
    from synth.engine import DEFAULT_AS_OF
    from synth.options import parse_date

    # The same contract as the engine and `synth check`: rules find the reference day in options["as_of"].
    parsed_options = {**DOMAIN.parse_options(options),
                      "as_of": parse_date(as_of) if as_of is not None else DEFAULT_AS_OF}
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()   # a frame changed in place since the last call keeps its arrays: parse it again
    counts = {rule.name: int((~np.asarray(rule.check(columns, parsed_options), dtype=bool)).sum())
              for rule in DOMAIN.rules}
    for name, (_, check) in EXTRA_CHECKS.items():
        counts[name] = int((~np.asarray(check(columns, parsed_options), dtype=bool)).sum())
    return counts

