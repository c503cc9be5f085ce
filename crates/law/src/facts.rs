//! An application and the typed facts the router needs of it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One application as a clerk enters it or an applications file lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    #[serde(deserialize_with = "crate::strict::id")]
    pub id: String,
    /// 序号 of the catalogue item it asks for.
    pub item: u8,
    pub received: NaiveDate,
    /// Whether the site is inside the 增城经济技术开发区.
    pub in_zone: bool,
    pub facts: Facts,
}

/// The facts an item's scope rule looks at. Items 1–5 and 11 take `General`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Facts {
    General,
    Grid {
        project: GridProject,
    },
    WaterIntake {
        source: WaterSource,
        #[serde(deserialize_with = "crate::strict::m3_per_day")]
        m3_per_day: u64,
        agricultural: bool,
        request: WaterRequest,
    },
    Trees {
        site: TreeSite,
        count: u32,
        /// At most two decimal places, as written in a file.
        #[serde(deserialize_with = "crate::strict::dbh_cm")]
        max_dbh_cm: f64,
        heritage: Heritage,
    },
}

impl Facts {
    pub fn kind(&self) -> FactsKind {
        match self {
            Facts::General => FactsKind::General,
            Facts::Grid { .. } => FactsKind::Grid,
            Facts::WaterIntake { .. } => FactsKind::WaterIntake,
            Facts::Trees { .. } => FactsKind::Trees,
        }
    }
}

/// Which kind of facts an item takes: what the router form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactsKind {
    General,
    Grid,
    WaterIntake,
    Trees,
}

impl FactsKind {
    /// The name used in applications files.
    pub fn name(self) -> &'static str {
        match self {
            FactsKind::General => "General",
            FactsKind::Grid => "Grid",
            FactsKind::WaterIntake => "WaterIntake",
            FactsKind::Trees => "Trees",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum GridProject {
    PowerGrid { kv: u32, cross_district: bool },
    GasDistributedEnergyStation,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterSource {
    Surface,
    Ground,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterRequest {
    New,
    Change,
    Renewal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TreeSite {
    CityManagedGreen,
    FeatureBoulevard,
    HistoricGarden,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Heritage {
    Ordinary,
    AncientOrFamous,
    SuccessorResource,
}

impl WaterSource {
    pub const ALL: [WaterSource; 2] = [WaterSource::Surface, WaterSource::Ground];
}

impl WaterRequest {
    pub const ALL: [WaterRequest; 3] = [
        WaterRequest::New,
        WaterRequest::Change,
        WaterRequest::Renewal,
    ];
}

impl TreeSite {
    pub const ALL: [TreeSite; 4] = [
        TreeSite::CityManagedGreen,
        TreeSite::FeatureBoulevard,
        TreeSite::HistoricGarden,
        TreeSite::Other,
    ];
}

impl Heritage {
    pub const ALL: [Heritage; 3] = [
        Heritage::Ordinary,
        Heritage::AncientOrFamous,
        Heritage::SuccessorResource,
    ];
}
