//! What flips cost: routes 100,000 generated applications (every item, both sides of every
//! bound, dates around the notice's) with `Router::route` and with
//! `Router::route_without_flips`, alternately, seven times each, and prints the medians.
//!
//! `cargo run --release -p delegation-law --example flips_bench`

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use delegation_law::calendar::{Calendar, StartDay};
use delegation_law::catalogue::Catalogue;
use delegation_law::deadlines::ValidityConvention;
use delegation_law::facts::{
    Application, Facts, GridProject, Heritage, TreeSite, WaterRequest, WaterSource,
};
use delegation_law::router::Router;

/// A small deterministic generator (xorshift), so every run routes the same applications.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn applications(n: usize) -> Vec<Application> {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let start = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
    (0..n)
        .map(|i| {
            let item = 1 + r.next(12) as u8;
            let facts = match item {
                6..=9 => Facts::Grid {
                    project: match r.next(4) {
                        0 => GridProject::GasDistributedEnergyStation,
                        1 => GridProject::Other,
                        _ => GridProject::PowerGrid {
                            kv: 1 + r.next(500) as u32,
                            cross_district: r.next(5) == 0,
                        },
                    },
                },
                10 => Facts::WaterIntake {
                    source: WaterSource::ALL[r.next(2) as usize],
                    m3_per_day: 1 + r.next(200_000),
                    agricultural: r.next(5) == 0,
                    request: WaterRequest::ALL[r.next(3) as usize],
                },
                12 => Facts::Trees {
                    site: TreeSite::ALL[r.next(4) as usize],
                    count: 1 + r.next(300) as u32,
                    max_dbh_cm: (1 + r.next(8000)) as f64 / 100.0,
                    heritage: Heritage::ALL[(r.next(10) / 8) as usize],
                },
                _ => Facts::General,
            };
            Application {
                id: format!("B-{i}"),
                item,
                received: start + Days::new(r.next(400)),
                in_zone: r.next(10) != 0,
                facts,
            }
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let apps = applications(100_000);
    let mut handover = BTreeMap::new();
    handover.insert(10, NaiveDate::from_ymd_opt(2024, 6, 20).unwrap());
    let router = Router::new(
        Catalogue::embedded(),
        Calendar::embedded(),
        handover,
        StartDay::Excluded,
        ValidityConvention::ListingPractice,
    );
    let (mut without, mut with) = (Vec::new(), Vec::new());
    let mut flips = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let d: Vec<_> = apps.iter().map(|a| router.route_without_flips(a)).collect();
        without.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(d);
        let t = Instant::now();
        let d: Vec<_> = apps.iter().map(|a| router.route(a)).collect();
        with.push(t.elapsed().as_secs_f64() * 1000.0);
        flips = d.iter().map(|d| d.flips.len()).sum::<usize>();
    }
    let (a, b) = (median(without), median(with));
    println!("100000 applications, {flips} flips; medians of 7");
    println!("without flips: {a:.1} ms");
    println!("with flips:    {b:.1} ms");
    println!("ratio:         {:.2}", b / a);
}
