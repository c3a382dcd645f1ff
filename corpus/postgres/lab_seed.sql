-- =====================================================================
-- lab_seed.sql  检验项目字典初始数据（由 his_lab_results.sql 通过 \i 引入）
-- 参考区间依据 WS/T 405-2012《血细胞分析参考区间》及 WS/T 404《临床常用生化检验项目参考区间》
-- 危急值依据本院《危急值报告制度》（2024 版）
-- =====================================================================

-- 组合项目（套餐）：parent_item_id 为空
INSERT INTO lis.lab_item (item_code, item_name, specimen_type, unit, price, is_panel)
VALUES ('CBC',  '血常规（五分类）',   '全血（EDTA-K2）', NULL, 20.00, true),
       ('ELEC', '电解质四项',         '血清',            NULL, 32.00, true),
       ('LFT',  '肝功能',             '血清',            NULL, 66.00, true)
ON CONFLICT (item_code) DO NOTHING;

-- 血常规子项目
INSERT INTO lis.lab_item (item_code, item_name, parent_item_id, specimen_type, unit,
                          ref_low, ref_high, critical_low, critical_high, ref_ranges, loinc_code)
SELECT v.item_code, v.item_name, p.item_id, '全血（EDTA-K2）', v.unit,
       v.ref_low, v.ref_high, v.critical_low, v.critical_high, v.ref_ranges::jsonb, v.loinc_code
  FROM (VALUES
        ('WBC', '白细胞计数',   '10^9/L', 3.5,  9.5,  1.5,  30.0, NULL, '6690-2'),
        ('RBC', '红细胞计数',   '10^12/L', 3.8, 5.8,  NULL, NULL,
         '{"ranges":[{"sex":"M","age_min":18,"low":4.3,"high":5.8},{"sex":"F","age_min":18,"low":3.8,"high":5.1}]}', '789-8'),
        ('HGB', '血红蛋白',     'g/L',    115,  175,  50,   200,
         '{"ranges":[{"sex":"M","age_min":18,"low":130,"high":175},{"sex":"F","age_min":18,"low":115,"high":150},{"age_min":0,"age_max":18,"low":110,"high":160}]}', '718-7'),
        ('PLT', '血小板计数',   '10^9/L', 125,  350,  30,   1000, NULL, '777-3')
       ) AS v(item_code, item_name, unit, ref_low, ref_high, critical_low, critical_high, ref_ranges, loinc_code)
 CROSS JOIN lis.lab_item p
 WHERE p.item_code = 'CBC'
ON CONFLICT (item_code) DO NOTHING;

-- 电解质子项目
INSERT INTO lis.lab_item (item_code, item_name, parent_item_id, specimen_type, unit,
                          ref_low, ref_high, critical_low, critical_high, loinc_code)
SELECT v.*
  FROM (VALUES
        ('K',   '钾',   (SELECT item_id FROM lis.lab_item WHERE item_code = 'ELEC'), '血清', 'mmol/L', 3.5,  5.3,  2.8,  6.2,  '2823-3'),
        ('NA',  '钠',   (SELECT item_id FROM lis.lab_item WHERE item_code = 'ELEC'), '血清', 'mmol/L', 137,  147,  120,  160,  '2951-2'),
        ('CL',  '氯',   (SELECT item_id FROM lis.lab_item WHERE item_code = 'ELEC'), '血清', 'mmol/L', 99,   110,  NULL, NULL, '2075-0'),
        ('CA',  '钙',   (SELECT item_id FROM lis.lab_item WHERE item_code = 'ELEC'), '血清', 'mmol/L', 2.11, 2.52, 1.75, 3.5,  '17861-6')
       ) AS v(item_code, item_name, parent_item_id, specimen_type, unit, ref_low, ref_high, critical_low, critical_high, loinc_code)
ON CONFLICT (item_code) DO NOTHING;

-- 肝功能子项目 + 独立项目
INSERT INTO lis.lab_item (item_code, item_name, parent_item_id, specimen_type, unit, ref_low, ref_high, critical_low, critical_high, price)
VALUES ('ALT',  '丙氨酸氨基转移酶', (SELECT item_id FROM lis.lab_item WHERE item_code = 'LFT'), '血清', 'U/L',    9,    50,   NULL, 1000, NULL),
       ('AST',  '天门冬氨酸氨基转移酶', (SELECT item_id FROM lis.lab_item WHERE item_code = 'LFT'), '血清', 'U/L', 15,  40,   NULL, 1000, NULL),
       ('TBIL', '总胆红素',         (SELECT item_id FROM lis.lab_item WHERE item_code = 'LFT'), '血清', 'μmol/L', 0,    23,   NULL, 340,  NULL),
       ('GLU',  '葡萄糖（空腹）',   NULL, '血浆（氟化钠）', 'mmol/L', 3.9,  6.1,  2.8,  22.2, 5.00),
       ('CTNI', '高敏肌钙蛋白I',    NULL, '血清', 'ng/L', 0, 26.2, NULL, NULL, 120.00),
       ('CRP',  'C 反应蛋白',       NULL, '血清', 'mg/L', 0, 10, NULL, NULL, 25.00)
ON CONFLICT (item_code) DO NOTHING;

\echo '检验项目字典已导入'
