-- =====================================================================
-- 文件名称：his_pharmacy_pg15.sql
-- 所属系统：HIS - 药房药库（药品字典、病区库存、发药、盘点、用量排名）
-- 目标库  ：PostgreSQL 15（MERGE、jsonb 下标、regexp_count 等 15 新函数、
--           过程 OUT 参数、CREATE OR REPLACE TRIGGER、FETCH … WITH TIES）
-- 说明    ：
--   1. 药库每日从 HIS 处方发药明细（pharmacy_issue）同步病区库存（MERGE）
--   2. 药品说明书结构化信息（规格、用法、警示）存 jsonb，按下标读写
--   3. 库存校验过程以 OUT 参数返回短缺数量与状态
-- =====================================================================
\set ON_ERROR_STOP on
\echo '==== 安装药房药库模块（phm）===='

DROP SCHEMA IF EXISTS phm CASCADE;
CREATE SCHEMA phm;
SET search_path TO phm, public;

-- 药品字典 ----------------------------------------------------------------
CREATE TABLE drug (
    drug_id        integer         PRIMARY KEY,
    drug_code      varchar(20)     NOT NULL UNIQUE,
    drug_name      varchar(100)    NOT NULL,
    spec           varchar(60)     NOT NULL,          -- 规格，如 0.5g*24片
    unit           varchar(10)     NOT NULL DEFAULT '盒',
    price          numeric(10,2)   NOT NULL CHECK (price >= 0),
    label          jsonb           NOT NULL DEFAULT '{}'::jsonb,
    is_high_alert  boolean         NOT NULL DEFAULT false,
    updated_at     timestamptz
);

COMMENT ON TABLE drug IS '药品字典';
COMMENT ON COLUMN drug.label IS '说明书结构化信息：{"spec":{"strength":..,"form":..},"usage":..,"warnings":[..],"status":..}';

-- 病区库存：药品 + 病区 唯一
CREATE TABLE ward_stock (
    drug_id        integer         NOT NULL REFERENCES drug (drug_id),
    ward_code      varchar(10)     NOT NULL,
    qty            numeric(12,2)   NOT NULL DEFAULT 0,
    min_qty        numeric(12,2)   NOT NULL DEFAULT 0,
    updated_at     timestamptz,
    touch_count    integer         NOT NULL DEFAULT 0,
    PRIMARY KEY (drug_id, ward_code)
);

-- 处方发药明细（HIS 推送的中间表）
CREATE TABLE pharmacy_issue (
    issue_id       bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id       uuid            NOT NULL DEFAULT gen_random_uuid(),
    drug_id        integer         NOT NULL,
    ward_code      varchar(10)     NOT NULL,
    qty            numeric(12,2)   NOT NULL,
    prescription   varchar(30)     NOT NULL,
    issued_on      date            NOT NULL
);

-- 药品用量日汇总（无主键：按药品+日期对账，可能重复推送）
CREATE TABLE drug_usage_daily (
    drug_id        integer         NOT NULL,
    stat_date      date            NOT NULL,
    used_qty       numeric(12,2)   NOT NULL DEFAULT 0,
    source         varchar(10)     NOT NULL DEFAULT 'HIS'
);

-- 库存流水
CREATE TABLE stock_txn (
    txn_id         bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txn_no         uuid            NOT NULL DEFAULT gen_random_uuid(),
    drug_id        integer         NOT NULL,
    ward_code      varchar(10)     NOT NULL,
    delta          numeric(12,2)   NOT NULL,
    reason         text            NOT NULL
);

-- 低库存提醒
CREATE TABLE stock_alert (
    alert_id       bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    drug_id        integer         NOT NULL,
    ward_code      varchar(10)     NOT NULL,
    qty            numeric(12,2)   NOT NULL,
    note           text
);

-- ---------------------------------------------------------------------
-- 规格解析：从规格串中取剂量、包装数（regexp_* 为 PG15 新函数）
-- ---------------------------------------------------------------------
-- 规格中的数字段个数，如 '0.5g*24片' 为 2
CREATE OR REPLACE FUNCTION fn_spec_numbers(p_spec text)
RETURNS integer
LANGUAGE sql
IMMUTABLE
RETURN regexp_count(p_spec, '[0-9]+(\.[0-9]+)?');

-- 每盒片数：'*' 之后的整数；无包装数时为 1
CREATE OR REPLACE FUNCTION fn_pack_size(p_spec text)
RETURNS integer
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_part text;
BEGIN
    IF NOT regexp_like(p_spec, '\*[0-9]+') THEN
        RETURN 1;
    END IF;
    v_part := regexp_substr(p_spec, '[0-9]+', regexp_instr(p_spec, '\*'));
    RETURN v_part::integer;
END;
$$;

-- 单次剂量（第一个数字段）与单位的位置
CREATE OR REPLACE FUNCTION fn_spec_dose(p_spec text, OUT dose numeric, OUT unit_at integer)
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    dose := regexp_substr(p_spec, '[0-9]+(\.[0-9]+)?')::numeric;
    unit_at := regexp_instr(p_spec, '[0-9]+(\.[0-9]+)?', 1, 1, 1);
END;
$$;

-- ---------------------------------------------------------------------
-- 说明书 jsonb：下标读写（PG14+）
-- ---------------------------------------------------------------------
-- 药品强度：label['spec']['strength']，缺失时取规格串
CREATE OR REPLACE FUNCTION fn_drug_strength(p_drug_id integer)
RETURNS text
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_label jsonb;
    v_spec  text;
BEGIN
    SELECT label, spec INTO v_label, v_spec FROM drug WHERE drug_id = p_drug_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN coalesce(v_label['spec']['strength'] #>> '{}', v_spec);
END;
$$;

-- 审核说明书：写入审核标志与审核人（下标赋值）
CREATE OR REPLACE FUNCTION fn_review_label(p_drug_id integer, p_pharmacist text)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
    v_label jsonb;
BEGIN
    SELECT label INTO v_label FROM drug WHERE drug_id = p_drug_id FOR UPDATE;
    v_label['reviewed'] := 'true';
    v_label['reviewer'] := to_jsonb(p_pharmacist);
    UPDATE drug SET label = v_label WHERE drug_id = p_drug_id;
    RETURN v_label;
END;
$$;

-- 高警示药品视图：警示语第一条
CREATE VIEW v_high_alert_drug AS
SELECT d.drug_code,
       d.drug_name,
       d.label['warnings'][0] #>> '{}'   AS first_warning,
       d.label['usage']                   AS usage
  FROM drug d
 WHERE d.is_high_alert;

-- ---------------------------------------------------------------------
-- 触发器：库存修改时间、低库存提醒（CREATE OR REPLACE TRIGGER，PG14+）
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION trg_stock_touch()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    NEW.touch_count := OLD.touch_count + 1;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION trg_stock_low()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.qty < NEW.min_qty AND (TG_OP = 'INSERT' OR OLD.qty >= OLD.min_qty) THEN
        INSERT INTO stock_alert (drug_id, ward_code, qty, note)
        VALUES (NEW.drug_id, NEW.ward_code, NEW.qty,
                format('库存 %s 低于下限 %s', NEW.qty, NEW.min_qty));
    END IF;
    RETURN NULL;
END;
$$;

-- 第一版：只在数量变化时更新修改时间
CREATE OR REPLACE TRIGGER trg_ward_stock_touch
    BEFORE UPDATE OF qty ON ward_stock
    FOR EACH ROW
    EXECUTE FUNCTION trg_stock_touch();

-- 上线后改为任何字段变化都更新（同名替换）
CREATE OR REPLACE TRIGGER trg_ward_stock_touch
    BEFORE UPDATE ON ward_stock
    FOR EACH ROW
    EXECUTE FUNCTION trg_stock_touch();

CREATE OR REPLACE TRIGGER trg_ward_stock_low
    AFTER INSERT OR UPDATE OF qty ON ward_stock
    FOR EACH ROW
    EXECUTE FUNCTION trg_stock_low();

-- ---------------------------------------------------------------------
-- 库存同步：发药明细按药品+病区汇总后扣减病区库存（MERGE，PG15+）
-- ---------------------------------------------------------------------
CREATE OR REPLACE PROCEDURE sp_sync_issue(p_day date)
LANGUAGE plpgsql
AS $proc$
BEGIN
    MERGE INTO ward_stock t
    USING (SELECT drug_id, ward_code, -sum(qty) AS delta
             FROM pharmacy_issue
            WHERE issued_on = p_day
            GROUP BY drug_id, ward_code) s
       ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code
     WHEN MATCHED THEN
        UPDATE SET qty = t.qty + s.delta
     WHEN NOT MATCHED THEN
        INSERT (drug_id, ward_code, qty)
        VALUES (s.drug_id, s.ward_code, s.delta);

    INSERT INTO stock_txn (drug_id, ward_code, delta, reason)
    SELECT drug_id, ward_code, -sum(qty), '发药同步 ' || p_day
      FROM pharmacy_issue
     WHERE issued_on = p_day
     GROUP BY drug_id, ward_code;
END;
$proc$;

-- ---------------------------------------------------------------------
-- 库存校验：OUT 参数返回库存与状态（过程 OUT 参数，PG14+）
-- ---------------------------------------------------------------------
-- 注意：PostgreSQL 不允许 OUT 参数出现在带默认值的参数之后
CREATE OR REPLACE PROCEDURE sp_stock_check(
    p_drug_code  varchar,
    OUT o_qty    numeric,
    OUT o_status text,
    p_ward_code  varchar DEFAULT 'W01'
)
LANGUAGE plpgsql
AS $proc$
DECLARE
    v_min numeric;
BEGIN
    SELECT s.qty, s.min_qty INTO o_qty, v_min
      FROM ward_stock s JOIN drug d USING (drug_id)
     WHERE d.drug_code = p_drug_code AND s.ward_code = p_ward_code;
    IF NOT FOUND THEN
        o_status := '无库存记录';
    ELSIF o_qty < 0 THEN
        o_status := '负库存';
    ELSIF o_qty < v_min THEN
        o_status := '低于下限';
    ELSE
        o_status := '正常';
    END IF;
END;
$proc$;

COMMENT ON PROCEDURE sp_stock_check(varchar, OUT numeric, OUT text, varchar) IS '病区库存校验';

-- 盘点：把一个病区的库存逐个校验，结果写入流水
CREATE OR REPLACE PROCEDURE sp_stocktake(p_ward_code varchar, OUT o_checked integer, OUT o_problems integer)
LANGUAGE plpgsql
AS $proc$
DECLARE
    r        record;
    v_qty    numeric;
    v_status text;
BEGIN
    o_checked := 0;
    o_problems := 0;
    FOR r IN SELECT d.drug_code FROM ward_stock s JOIN drug d USING (drug_id)
              WHERE s.ward_code = p_ward_code ORDER BY d.drug_code LOOP
        CALL sp_stock_check(r.drug_code, v_qty, v_status, p_ward_code);
        o_checked := o_checked + 1;
        IF v_status <> '正常' THEN
            o_problems := o_problems + 1;
        END IF;
    END LOOP;
END;
$proc$;

-- 用量日汇总对账：无主键，按药品+日期匹配（MERGE → UPDATE + INSERT）
CREATE OR REPLACE PROCEDURE sp_usage_daily(p_day date)
LANGUAGE plpgsql
AS $proc$
BEGIN
    MERGE INTO drug_usage_daily u
    USING (SELECT drug_id, sum(qty) AS qty FROM pharmacy_issue
            WHERE issued_on = p_day GROUP BY drug_id) s
       ON u.drug_id = s.drug_id AND u.stat_date = p_day
     WHEN MATCHED THEN
        UPDATE SET used_qty = s.qty
     WHEN NOT MATCHED THEN
        INSERT (drug_id, stat_date, used_qty) VALUES (s.drug_id, p_day, s.qty);
END;
$proc$;

-- ---------------------------------------------------------------------
-- 用量排名：并列名次一并列出（FETCH FIRST … WITH TIES，PG13+）
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_top_drugs(p_n integer)
RETURNS TABLE (drug_code varchar, used numeric)
LANGUAGE sql
STABLE
AS $$
    SELECT d.drug_code, sum(i.qty) AS total_used
      FROM pharmacy_issue i
      JOIN drug d ON d.drug_id = i.drug_id
     GROUP BY d.drug_code
     ORDER BY total_used DESC
     FETCH FIRST p_n ROWS WITH TIES;
$$;

CREATE VIEW v_top_wards AS
SELECT ward_code, count(*) AS issues
  FROM pharmacy_issue
 GROUP BY ward_code
 ORDER BY 2 DESC
 FETCH FIRST 1 ROW WITH TIES;

-- 处方药品编码串拆分（string_to_table，PG14+）
CREATE OR REPLACE FUNCTION fn_split_codes(p_codes text)
RETURNS TABLE (seq bigint, drug_code text)
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT n, trim(c) FROM string_to_table(p_codes, ',') WITH ORDINALITY AS t(c, n)
$$;

-- 批次号：每批发药的 UUID（gen_random_uuid，PG13 起内置）
CREATE OR REPLACE FUNCTION fn_new_batch()
RETURNS uuid
LANGUAGE sql
VOLATILE
RETURN gen_random_uuid();

-- ---------------------------------------------------------------------
-- 基础数据
-- ---------------------------------------------------------------------
INSERT INTO drug (drug_id, drug_code, drug_name, spec, unit, price, label, is_high_alert) VALUES
    (1, 'XY0001', '阿莫西林胶囊',     '0.25g*24粒',   '盒', 12.50,
     '{"spec":{"strength":"0.25g","form":"胶囊"},"usage":"口服，一次2粒，一日3次","warnings":["青霉素过敏者禁用"]}', false),
    (2, 'XY0002', '硝苯地平控释片',   '30mg*7片',     '盒', 32.80,
     '{"spec":{"form":"控释片"},"usage":"口服，一日1次","warnings":[]}', false),
    (3, 'XY0003', '10%氯化钾注射液',  '10ml:1g',      '支', 1.20,
     '{"spec":{"strength":"1g/10ml","form":"注射液"},"usage":"稀释后静滴","warnings":["严禁静脉推注","浓度不超过0.3%"]}', true),
    (4, 'XY0004', '胰岛素注射液',     '400IU/10ml',   '支', 58.00,
     '{"spec":{"strength":"40IU/ml","form":"注射液"},"usage":"皮下注射","warnings":["注意低血糖"]}', true),
    (5, 'XY0005', '葡萄糖注射液',     '5%*250ml',     '袋', 3.50, '{}', false);

INSERT INTO ward_stock (drug_id, ward_code, qty, min_qty) VALUES
    (1, 'W01', 100, 20),
    (2, 'W01', 30, 10),
    (3, 'W01', 50, 40),
    (3, 'W02', 10, 5),
    (4, 'W02', 8, 2);

INSERT INTO pharmacy_issue (drug_id, ward_code, qty, prescription, issued_on) VALUES
    (1, 'W01', 6,  'CF20240601001', DATE '2024-06-01'),
    (1, 'W01', 4,  'CF20240601002', DATE '2024-06-01'),
    (3, 'W01', 12, 'CF20240601003', DATE '2024-06-01'),
    (2, 'W01', 10, 'CF20240601004', DATE '2024-06-01'),
    (5, 'W02', 10, 'CF20240601005', DATE '2024-06-01'),
    (4, 'W02', 3,  'CF20240602001', DATE '2024-06-02'),
    (3, 'W02', 2,  'CF20240602002', DATE '2024-06-02');

-- 说明书状态：逐个药品在 PL/pgSQL 中按下标赋值
DO $$
DECLARE
    r record;
    v_label jsonb;
BEGIN
    FOR r IN SELECT drug_id, label FROM drug WHERE drug_id IN (1, 2, 3) ORDER BY drug_id LOOP
        v_label := r.label;
        v_label['status'] := '"active"';
        UPDATE drug SET label = v_label WHERE drug_id = r.drug_id;
    END LOOP;
END;
$$;

-- 同步 6 月 1 日、2 日发药，并重复推送一次 6 月 1 日用量（MERGE 幂等）
CALL sp_sync_issue(DATE '2024-06-01');
CALL sp_sync_issue(DATE '2024-06-02');
CALL sp_usage_daily(DATE '2024-06-01');
CALL sp_usage_daily(DATE '2024-06-01');
CALL sp_usage_daily(DATE '2024-06-02');

-- 独立的 MERGE：药库调拨入 W03 病区（有则加，无则建）
MERGE INTO ward_stock t
USING (VALUES (1, 'W03', 20.0), (3, 'W01', 5.0)) AS s(drug_id, ward_code, qty)
   ON t.drug_id = s.drug_id AND t.ward_code = s.ward_code
 WHEN MATCHED THEN
    UPDATE SET qty = t.qty + s.qty
 WHEN NOT MATCHED THEN
    INSERT (drug_id, ward_code, qty, min_qty) VALUES (s.drug_id, s.ward_code, s.qty, 10);

-- 清理：W02 病区停用药品（XY0005）的库存记录，库存不为正时删除，其余不动
MERGE INTO ward_stock t
USING (SELECT drug_id FROM drug WHERE drug_code = 'XY0005') s
   ON t.drug_id = s.drug_id AND t.ward_code = 'W02'
 WHEN MATCHED AND t.qty <= 0 THEN
    DELETE
 WHEN NOT MATCHED THEN
    DO NOTHING;

-- 审核两份说明书
SELECT fn_review_label(1, '药师王芳') IS NOT NULL AS reviewed;
SELECT fn_review_label(5, '药师王芳') IS NOT NULL AS reviewed;

-- 冒烟测试
DO $$
DECLARE
    v_qty    numeric;
    v_status text;
    v_n      integer;
    v_bad    integer;
BEGIN
    CALL sp_stock_check('XY0003', v_qty, v_status);
    RAISE NOTICE '氯化钾 W01 库存 %（%）', v_qty, v_status;
    CALL sp_stocktake('W01', v_n, v_bad);
    RAISE NOTICE 'W01 盘点 % 种，异常 % 种', v_n, v_bad;
    ASSERT fn_pack_size('0.25g*24粒') = 24, '包装数解析错误';
    ASSERT fn_spec_numbers('0.25g*24粒') = 2;
END;
$$;

CALL sp_stock_check('XY0005', NULL, NULL, 'W02');

SELECT * FROM fn_top_drugs(2) ORDER BY drug_code;

\echo '==== 药房药库模块安装完成 ===='
