-- =====================================================================
-- 文件名称：his_ward_stats_pg17.sql
-- 所属系统：HIS - 住院病区（院区/楼/病区/房间/床位树、床位登记、
--           医生值班排班与统计、院间转诊链）
-- 目标库  ：PostgreSQL 17（SEARCH BREADTH/DEPTH FIRST、CYCLE … TO …
--           DEFAULT、UNIQUE NULLS NOT DISTINCT、GROUP BY DISTINCT、
--           any_value、trim_scale/min_scale、date_bin、trim_array、bit_count）
-- 说明    ：
--   1. 床位可无房间号（走廊加床），同一病区同一房间同一床号只能登记一次，
--      无房间号的加床也不能重复（NULLS NOT DISTINCT）
--   2. 排班：同一时段最多一个空岗（doctor_id 为空）
--   3. 值班统计按病区、班次小计（ROLLUP 组合去重）
--   4. 转诊链检测环路（A→B→C→A）并标记
-- =====================================================================
\set ON_ERROR_STOP on
\echo '==== 安装住院病区统计模块（wst）===='

DROP SCHEMA IF EXISTS wst CASCADE;
CREATE SCHEMA wst;
SET search_path TO wst, public;

-- 院区/楼/病区/房间 树 -----------------------------------------------------
CREATE TABLE ward_unit (
    unit_id     integer      PRIMARY KEY,
    parent_id   integer      REFERENCES ward_unit (unit_id),
    unit_type   varchar(10)  NOT NULL,            -- 院区/楼/病区/房间
    unit_code   varchar(20)  NOT NULL,
    unit_name   varchar(60)  NOT NULL
);

INSERT INTO ward_unit VALUES
    (1, NULL, '院区', 'HQ',   '本部院区'),
    (2, 1,    '楼',   'B1',   '内科楼'),
    (3, 1,    '楼',   'B2',   '外科楼'),
    (4, 2,    '病区', 'W01',  '心内科病区'),
    (5, 2,    '病区', 'W02',  '呼吸科病区'),
    (6, 3,    '病区', 'W03',  '骨科病区'),
    (7, 4,    '房间', 'R101', '101 室'),
    (8, 4,    '房间', 'R102', '102 室'),
    (9, 6,    '房间', 'R301', '301 室'),
    (10, 5,   '房间', 'R201', '201 室');

-- 床位：房间号可空（走廊加床）；同病区同房间同床号唯一，空房间号也不得重复
CREATE TABLE ward_bed (
    bed_id      integer        PRIMARY KEY,
    ward_code   varchar(10)    NOT NULL,
    room_no     varchar(10),
    bed_no      varchar(10)    NOT NULL,
    bed_type    varchar(10)    NOT NULL DEFAULT '普通',
    daily_fee   numeric(10,3)  NOT NULL,
    CONSTRAINT uq_ward_bed UNIQUE NULLS NOT DISTINCT (ward_code, room_no, bed_no)
);

INSERT INTO ward_bed VALUES
    (1, 'W01', 'R101', '01', '普通', 48.000),
    (2, 'W01', 'R101', '02', '普通', 48.000),
    (3, 'W01', 'R102', '01', '监护', 120.500),
    (4, 'W01', NULL,   '加1', '加床', 25.000),
    (5, 'W02', 'R201', '01', '普通', 48.000),
    (6, 'W02', NULL,   '加1', '加床', 25.000),
    (7, 'W03', 'R301', '01', '普通', 52.250);

-- 医生：进修医生尚无工号，工号为空者最多一人
CREATE TABLE duty_doctor (
    doctor_id    integer       PRIMARY KEY,
    doctor_name  varchar(40)   NOT NULL,
    staff_no     varchar(20)   UNIQUE NULLS NOT DISTINCT,
    ward_code    varchar(10),
    badge_no     varchar(10)
);

-- 胸牌号在病区内唯一，未分病区、未发胸牌的也只能各有一个
ALTER TABLE duty_doctor ADD CONSTRAINT uq_doctor_badge UNIQUE NULLS NOT DISTINCT (ward_code, badge_no);

INSERT INTO duty_doctor VALUES
    (101, '张明', 'D0101', 'W01', 'A1'),
    (102, '李华', 'D0102', 'W01', 'A2'),
    (103, '王芳', 'D0103', 'W02', 'B1'),
    (104, '赵磊', 'D0104', 'W03', NULL),
    (105, '陈静', NULL,    NULL,  NULL);

-- 排班 --------------------------------------------------------------------
CREATE TABLE duty_roster (
    roster_id    integer       PRIMARY KEY,
    doctor_id    integer       REFERENCES duty_doctor (doctor_id),
    ward_code    varchar(10)   NOT NULL,
    shift_code   varchar(4)    NOT NULL,           -- 白/夜/备
    duty_start   timestamp     NOT NULL,
    duty_hours   numeric(6,3)  NOT NULL,
    alert_flags  bit(8)        NOT NULL DEFAULT '00000000',
    vital_scores integer[]     NOT NULL DEFAULT '{}'
);

-- 同一病区同一时段最多一个空岗（doctor_id 为空）
CREATE UNIQUE INDEX ux_roster_slot ON duty_roster (ward_code, duty_start, doctor_id) NULLS NOT DISTINCT;

INSERT INTO duty_roster VALUES
    (1, 101, 'W01', '白', '2024-03-01 08:00', 8.000, '00000101', '{3,4,5}'),
    (2, 102, 'W01', '夜', '2024-03-01 16:00', 8.500, '00000000', '{2,2}'),
    (3, NULL, 'W01', '备', '2024-03-01 16:00', 4.000, '10000000', '{}'),
    (4, 103, 'W02', '白', '2024-03-01 08:30', 7.750, '00110011', '{6,5,7,1}'),
    (5, 101, 'W01', '白', '2024-03-02 08:00', 8.000, '00000001', '{4}'),
    (6, 104, 'W03', '夜', '2024-03-02 23:10', 9.000, '11111111', '{1,2,3}'),
    (7, 103, 'W02', '夜', '2024-03-02 16:20', 8.250, '01000000', '{5,5}');

-- 院间转诊 ----------------------------------------------------------------
CREATE TABLE referral (
    ref_id     integer      PRIMARY KEY,
    from_hosp  varchar(10)  NOT NULL,
    to_hosp    varchar(10)  NOT NULL,
    ref_date   date         NOT NULL
);

INSERT INTO referral VALUES
    (1, 'H01', 'H02', '2024-02-01'),
    (2, 'H02', 'H03', '2024-02-03'),
    (3, 'H03', 'H01', '2024-02-10'),
    (4, 'H03', 'H04', '2024-02-11'),
    (5, 'H05', 'H01', '2024-02-12');

-- 床位登记：重复返回提示而不报错
CREATE OR REPLACE FUNCTION fn_register_bed(p_id integer, p_ward varchar, p_room varchar, p_bed varchar)
RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO ward_bed (bed_id, ward_code, room_no, bed_no, daily_fee)
    VALUES (p_id, p_ward, p_room, p_bed, 48);
    RETURN '登记成功';
EXCEPTION
    WHEN unique_violation THEN
        RETURN '床位重复';
END
$$;

-- 病区树，按层（广度优先）列出，ord 为 (层级, 编码)，seq 为层序号（病区导航页）
CREATE FUNCTION fn_unit_tree_by_level()
RETURNS TABLE (seq bigint, unit_code varchar, unit_name varchar, unit_type varchar, ord text)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE unit_tree (unit_id, parent_id, unit_type, unit_code, unit_name) AS (
        SELECT unit_id, parent_id, unit_type, unit_code, unit_name
          FROM ward_unit WHERE parent_id IS NULL
        UNION ALL
        SELECT u.unit_id, u.parent_id, u.unit_type, u.unit_code, u.unit_name
          FROM ward_unit u JOIN unit_tree ON u.parent_id = unit_tree.unit_id
    ) SEARCH BREADTH FIRST BY unit_code SET ord
    SELECT row_number() OVER (ORDER BY ord), unit_code, unit_name, unit_type, ord::text
      FROM unit_tree
$$;

-- 病区树，深度优先（打印院区-楼-病区-房间缩进目录）
CREATE FUNCTION fn_unit_outline()
RETURNS TABLE (line_no bigint, outline text, unit_code varchar, path_ord text)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE unit_tree AS (
        SELECT unit_id, unit_code, unit_name, 0 AS lvl FROM ward_unit WHERE parent_id IS NULL
        UNION ALL
        SELECT u.unit_id, u.unit_code, u.unit_name, t.lvl + 1
          FROM ward_unit AS u, unit_tree AS t WHERE u.parent_id = t.unit_id
    ) SEARCH DEPTH FIRST BY unit_code SET path_ord
    SELECT row_number() OVER (ORDER BY path_ord), repeat('  ', lvl) || unit_name,
           unit_code, path_ord::text
      FROM unit_tree
$$;

-- 转诊链：从某医院出发，回到已到过的医院即止，环路标记为 '是'，否则 '否'
CREATE FUNCTION fn_referral_chain(p_from varchar)
RETURNS TABLE (from_hosp varchar, to_hosp varchar, hops integer, looped text, route text)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE chain AS (
        SELECT from_hosp, to_hosp, 1 AS hops FROM referral WHERE from_hosp = p_from
        UNION ALL
        SELECT r.from_hosp, r.to_hosp, c.hops + 1
          FROM referral AS r, chain AS c WHERE r.from_hosp = c.to_hosp
    ) CYCLE from_hosp SET looped TO '是' DEFAULT '否' USING route
    SELECT from_hosp, to_hosp, hops, looped, route::text FROM chain
$$;

-- 值班统计：病区、班次小计（两个 ROLLUP 的组合去重）
CREATE FUNCTION fn_duty_stats()
RETURNS TABLE (ward_code varchar, shift_code varchar, duties bigint, hours numeric, any_ward varchar)
LANGUAGE sql STABLE AS $$
    SELECT ward_code, shift_code, count(*), sum(duty_hours), any_value(ward_code)
      FROM duty_roster
     GROUP BY DISTINCT ROLLUP (ward_code, shift_code), ROLLUP (ward_code)
$$;

-- 医生出勤：工时去零、最小小数位、按 8 小时分箱、告警位数、去掉最新一次评分
CREATE VIEW v_doctor_shift AS
SELECT r.roster_id,
       any_value(d.doctor_name) AS doctor_name,
       trim_scale(r.duty_hours) AS hours,
       min_scale(r.duty_hours) AS hour_digits,
       date_bin('8 hours', r.duty_start, TIMESTAMP '2024-01-01 00:00') AS shift_bin,
       bit_count(r.alert_flags) AS alerts,
       trim_array(r.vital_scores, least(cardinality(r.vital_scores), 1)) AS confirmed_scores
  FROM duty_roster r LEFT JOIN duty_doctor d ON d.doctor_id = r.doctor_id
 GROUP BY r.roster_id;

-- 病区床位费（元，去掉多余的 0）
CREATE OR REPLACE FUNCTION fn_ward_fee_text(p_ward varchar)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    v_total numeric;
BEGIN
    SELECT sum(daily_fee) INTO v_total FROM ward_bed WHERE ward_code = p_ward;
    RETURN p_ward || ':' || coalesce(trim_scale(v_total)::text, '0');
END
$$;

-- 交班时段汇总（按 12 小时分箱，每箱人次与首位医生）
CREATE VIEW v_handover_bins AS
SELECT date_bin('12 hours', r.duty_start, TIMESTAMP '2024-03-01 08:00') AS bin_start,
       count(*) AS shifts,
       any_value(r.ward_code) FILTER (WHERE r.ward_code = 'W01') AS w01_seen
  FROM duty_roster r
 GROUP BY 1;

-- 校验位：胸牌编码的二进制校验
CREATE VIEW v_badge_check AS
SELECT doctor_id, badge_no,
       bit_count(convert_to(coalesce(badge_no, ''), 'UTF8')) AS badge_bits
  FROM duty_doctor;

-- 床位状态同步：床位管理系统每晚推送全量（bed_feed），
-- 有则更新、无则新增、推送中没有的本院床位删除，外院托管床位只标记
CREATE TABLE bed_status (
    bed_id      integer       PRIMARY KEY,
    ward_code   varchar(10)   NOT NULL,
    status      varchar(10)   NOT NULL,             -- 空闲/占用/维修
    managed_by  varchar(10)   NOT NULL DEFAULT '本院',
    remark      varchar(40)
);

CREATE TABLE bed_feed (
    bed_id      integer       NOT NULL,
    ward_code   varchar(10)   NOT NULL,
    status      varchar(10)   NOT NULL
);

INSERT INTO bed_status (bed_id, ward_code, status, managed_by) VALUES
    (1, 'W01', '占用', '本院'), (2, 'W01', '空闲', '本院'), (3, 'W01', '维修', '本院'),
    (5, 'W02', '占用', '本院'), (7, 'W03', '空闲', '托管'), (8, 'W03', '空闲', '本院');

INSERT INTO bed_feed VALUES
    (1, 'W01', '空闲'), (2, 'W01', '空闲'), (4, 'W01', '占用'), (5, 'W02', '占用');

CREATE PROCEDURE sp_sync_bed_status()
LANGUAGE plpgsql
AS $$
BEGIN
    -- 托管床位不在推送中：只标记，不删除
    MERGE INTO bed_status AS t
    USING bed_feed AS f ON t.bed_id = f.bed_id
     WHEN NOT MATCHED BY SOURCE AND t.managed_by = '托管' THEN UPDATE SET remark = '推送缺失';
    -- 本院床位：有则更新、无则新增、推送中没有的删除
    MERGE INTO bed_status AS t
    USING bed_feed AS f ON t.bed_id = f.bed_id
     WHEN MATCHED AND t.status <> f.status THEN
         UPDATE SET status = f.status, remark = '已同步'
     WHEN NOT MATCHED THEN
         INSERT (bed_id, ward_code, status, remark) VALUES (f.bed_id, f.ward_code, f.status, '新增')
     WHEN NOT MATCHED BY SOURCE AND t.managed_by = '本院' THEN
         DELETE;
END
$$;

CALL sp_sync_bed_status();

-- 护理质控随机抽查：每病区随机抽 n 张床；夜班呼叫顺序随机
CREATE FUNCTION fn_spot_check_beds(p_ward varchar, p_n integer)
RETURNS integer[]
LANGUAGE sql VOLATILE AS $$
    SELECT array_sample(array_agg(bed_id ORDER BY bed_id), p_n)
      FROM ward_bed WHERE ward_code = p_ward
$$;

CREATE VIEW v_night_call_order AS
SELECT ward_code, array_shuffle(array_agg(DISTINCT doctor_id)) AS call_order
  FROM duty_roster
 WHERE doctor_id IS NOT NULL
 GROUP BY ward_code;

-- 床位导入校验：外部 Excel 导入的文本先校验再入库
CREATE TABLE bed_import (
    line_no     integer  PRIMARY KEY,
    raw_bed_id  text,
    raw_fee     text,
    raw_open    text
);

INSERT INTO bed_import VALUES
    (1, '30', '48.5', '2024-03-01'),
    (2, '3l', '48',   '2024-03-01'),
    (3, '31', '四十', '2024-02-30'),
    (4, '99999999999', '12e1', '2024-3-5'),
    (5, NULL, '-1', 'yesterday');

CREATE VIEW v_bed_import_check AS
SELECT line_no,
       pg_input_is_valid(raw_bed_id, 'integer') AS bed_ok,
       pg_input_is_valid(raw_fee, 'numeric') AS fee_ok,
       pg_input_is_valid(raw_open, 'date') AS open_ok
  FROM bed_import;

-- 接口报文中的床头卡文字以 Unicode 转义传来（\XXXX），入库前解码
CREATE TABLE bed_card_msg (
    msg_id     integer  PRIMARY KEY,
    bed_id     integer  NOT NULL,
    raw_text   text     NOT NULL
);

INSERT INTO bed_card_msg VALUES
    (1, 1, '\5F20\660E \u4F4F\9662\53F7 A01'),
    (2, 3, '\76D1\62A4\5E8A \+01F6CF \\ \D83D\DE91');

CREATE VIEW v_bed_card AS
SELECT msg_id, bed_id, unistr(raw_text) AS card_text
  FROM bed_card_msg;
